import type { CopiedSignInLink, SessionView } from '../../electron/shared/ipc-contract.js';
import { button, type Child, h } from './dom.js';
import { formatRelative } from './format-time.js';
import type { Dispatch, UiModel } from './ui-model.js';
import { expiryTime } from './widgets.js';

/**
 * The choices while an attempt waits for the browser, the same for a sign-in and a step-up: open
 * the page again, copy its link for another browser (the one with the user's work profile, say;
 * RFC 8252 §4.1 leaves the browser to the user), or give up. After a copy, what the link is good for.
 */
export function renderWaitActions(model: UiModel, dispatch: Dispatch, ...more: Child[]): HTMLElement[] {
  const { busy } = model;
  const actions = h(
    'div',
    { class: 'actions' },
    button('reopen-browser', 'Open the browser again', () => dispatch('reopenBrowser'), {
      busy: busy.has('reopenBrowser'),
    }),
    button('copy-sign-in-link', 'Copy sign-in link', () => dispatch('copySignInLink'), {
      busy: busy.has('copySignInLink'),
    }),
    button('cancel', 'Cancel', () => dispatch('cancel'), { busy: busy.has('cancel') }),
    ...more,
  );
  return model.linkCopied ? [actions, linkCopiedNotice(model.linkCopied, model.now)] : [actions];
}

/**
 * "Copied." with the link's limits: one use (the attempt's `state` and code are single-use, and a
 * pushed `request_uri` too, RFC 9126 §4), gone when the attempt expires, and with PAR perhaps sooner.
 */
function linkCopiedNotice(copied: CopiedSignInLink, now: number): HTMLElement {
  return h(
    'div',
    { id: 'sign-in-link-copied', class: 'notice' },
    h(
      'p',
      {},
      'Copied. The link works once and expires at ',
      expiryTime(copied.expiresAt, now),
      '; paste it into the browser you sign in with.',
    ),
    copied.pushed &&
      h('p', {}, 'Your identity provider may end it sooner. If it no longer works, copy it again.'),
  );
}

/** What the live region says after a copy, e.g. "Sign-in link copied. It works once and expires in 5 minutes." */
export function describeLinkCopied(copied: CopiedSignInLink, now: number): string {
  return `Sign-in link copied. It works once and expires ${formatRelative(copied.expiresAt, now)}.`;
}

/** When the attempt shown in `view` expires, if one waits: a copied link belongs to that attempt. */
export function waitingUntil(view: SessionView): number | undefined {
  if (view.state === 'awaiting-browser') return view.expiresAt;
  return view.state === 'signed-in' ? view.stepUp?.expiresAt : undefined;
}
