import { button, h } from './dom.js';
import { renderProviderCheck } from './provider-check-panel.js';
import { renderSignedIn } from './signed-in-screen.js';
import { renderWaitActions } from './wait-actions.js';
import { alertErrors, type Dispatch, displayName, type UiModel } from './ui-model.js';
import { copyDetailsButton, errorAlert, expiryTime, heading, progress } from './widgets.js';

/** What the person may see when the browser hands the result back (RFC 8252 §7.1, §7.3). */
const REDIRECT_HINTS = {
  scheme: 'If your browser asks whether to open this app, allow it.',
  loopback: 'Your browser returns the result to this app through a one-time local address on this computer.',
} as const;

/**
 * The content of `#screen` for the model's session state: a heading first, then the alert (if
 * any), then the state's own content. Pure DOM building; the caller swaps it in.
 */
export function renderScreen(model: UiModel, dispatch: Dispatch): Node[] {
  const { view, busy, now } = model;
  const alert = errorAlert(alertErrors(model));
  const copyDetails = alert && copyDetailsButton(busy.has('copyDetails'), dispatch);
  switch (view.state) {
    case 'signed-out': {
      const again = view.previousUser && (view.previousUser.email ?? view.previousUser.name);
      return compact([
        heading('Sign in'),
        alert,
        h('p', { class: 'lead' }, 'Sign in with your identity provider in your browser.'),
        h(
          'p',
          { class: 'muted' },
          'Your web browser opens at the sign-in page. Your password stays there: this app never sees it.',
        ),
        h(
          'div',
          { class: 'actions' },
          // A session that ended offers its own user first (the provider gets a login_hint).
          again &&
            button('sign-in-again', `Sign in again as ${again}`, () => dispatch('signInAgain'), {
              primary: true,
              busy: busy.has('signInAgain'),
            }),
          button(
            'sign-in',
            again ? 'Use another account' : alert ? 'Try again' : 'Sign in',
            () => dispatch('signIn'),
            {
              primary: !again,
              busy: busy.has('signIn'),
            },
          ),
          // After a failed sign-in, one obvious way to find out what is wrong with the setup.
          alert &&
            button('check-provider', 'Check provider configuration', () => dispatch('checkProvider'), {
              busy: busy.has('checkProvider'),
            }),
          copyDetails,
        ),
        model.providerCheck && renderProviderCheck(model.providerCheck),
      ]);
    }
    case 'restoring':
      return compact([
        heading('Restoring your session…'),
        h('p', { class: 'lead' }, 'Checking the sign-in saved on this device.'),
        progress('Restoring your session'),
      ]);
    case 'awaiting-browser':
      return compact([
        heading('Continue in your browser'),
        alert,
        h(
          'p',
          { class: 'lead' },
          'The sign-in page is open in your web browser. Sign in there, then come back to this window.',
        ),
        view.redirect && h('p', { class: 'muted' }, REDIRECT_HINTS[view.redirect]),
        progress('Waiting for the browser'),
        h('p', { class: 'muted' }, 'This attempt expires at ', expiryTime(view.expiresAt, now), '.'),
        h(
          'p',
          { class: 'muted' },
          'Closed the tab, or no browser window? Open it again, or check that a default browser is set.',
        ),
        h(
          'p',
          { class: 'muted' },
          'Signing in with another browser, such as your work profile’s? Copy the sign-in link and paste it there.',
        ),
        ...renderWaitActions(model, dispatch, copyDetails),
      ]);
    case 'exchanging':
      return compact([
        heading('Finishing sign-in…'),
        h('p', { class: 'lead' }, 'Your browser handed the sign-in back to this app. Confirming it now.'),
        progress('Finishing sign-in'),
      ]);
    case 'signed-in':
      return compact([
        heading(view.user ? `Signed in as ${displayName(view.user)}` : 'Signed in'),
        alert,
        ...renderSignedIn(view, model, dispatch, copyDetails),
      ]);
  }
}

function compact(nodes: ReadonlyArray<Node | undefined>): Node[] {
  return nodes.filter((node): node is Node => node !== undefined);
}
