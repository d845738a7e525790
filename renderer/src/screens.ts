import type { ErrorView, SessionView } from '../../electron/shared/ipc-contract.js';
import { h } from './dom.js';
import { formatClock, formatRelative } from './format-time.js';

/** What the screens can ask for; each returns when the main process has answered. */
export interface Actions {
  readonly signIn: () => void;
  readonly cancel: () => void;
  readonly signOut: () => void;
  readonly callApi: () => void;
}

/** The heading and body of the screen for one session state (absent parts are undefined). */
export function renderScreen(
  view: SessionView,
  actions: Actions,
  now: number,
): Array<HTMLElement | undefined> {
  switch (view.state) {
    case 'signed-out':
      return [
        h('h1', { tabindex: '-1' }, 'Sign in'),
        errorAlert(view.error),
        h(
          'p',
          {},
          'Sign in with your identity provider. Your web browser opens; come back here when you are done.',
        ),
        h('button', { id: 'sign-in', class: 'primary', type: 'button', onclick: actions.signIn }, 'Sign in'),
      ];
    case 'restoring':
      return [h('h1', { tabindex: '-1' }, 'Restoring your session…'), progress()];
    case 'awaiting-browser':
      return [
        h('h1', { tabindex: '-1' }, 'Continue in your browser'),
        errorAlert(view.error),
        h(
          'p',
          {},
          'Your web browser is open at the sign-in page. Sign in there, then return to this window.',
        ),
        h('p', { class: 'muted' }, `This attempt expires at ${formatClock(view.expiresAt)}.`),
        progress(),
        h('button', { id: 'cancel', type: 'button', onclick: actions.cancel }, 'Cancel'),
      ];
    case 'exchanging':
      return [h('h1', { tabindex: '-1' }, 'Finishing sign-in…'), progress()];
    case 'signed-in': {
      const expires = `${formatClock(view.accessTokenExpiresAt)} (${formatRelative(view.accessTokenExpiresAt, now)})`;
      return [
        h('h1', { tabindex: '-1' }, `Signed in${view.user.name ? ` as ${view.user.name}` : ''}`),
        errorAlert(view.error),
        h(
          'dl',
          { class: 'facts' },
          fact('Name', 'user-name', view.user.name ?? '—'),
          fact('Email', 'user-email', view.user.email ?? '—'),
          fact('Subject', 'user-subject', view.user.subject),
          fact('Issuer', 'issuer', view.issuer),
          h('dt', {}, 'Granted scopes'),
          h(
            'dd',
            {},
            h('ul', { id: 'scopes', class: 'scopes' }, ...view.scopes.map((scope) => h('li', {}, scope))),
          ),
          fact('Access expires', 'expires', expires),
        ),
        h(
          'div',
          { class: 'actions' },
          h(
            'button',
            { id: 'call-api', class: 'primary', type: 'button', onclick: actions.callApi },
            'Call API',
          ),
          h('button', { id: 'sign-out', type: 'button', onclick: actions.signOut }, 'Sign out'),
        ),
        h('section', { id: 'api-result', 'aria-label': 'API response', hidden: true }),
      ];
    }
  }
}

/** The alert for an error, or nothing. `role="alert"` makes screen readers speak it at once. */
export function errorAlert(error: ErrorView | undefined): HTMLElement | undefined {
  return (
    error && h('p', { id: 'error', class: 'alert', role: 'alert', 'data-code': error.code }, error.message)
  );
}

function fact(term: string, id: string, value: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(h('dt', {}, term), h('dd', { id }, value));
  return fragment;
}

function progress(): HTMLElement {
  return h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Working' });
}
