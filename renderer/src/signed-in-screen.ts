import type { SessionView } from '../../electron/shared/ipc-contract.js';
import { renderApiPanel } from './api-panel.js';
import { renderStepUpWait } from './ask-panel.js';
import { renderProviderCheck } from './provider-check-panel.js';
import { button, h } from './dom.js';
import type { Dispatch, UiModel } from './ui-model.js';
import { expiryTime } from './widgets.js';

type SignedIn = Extract<SessionView, { state: 'signed-in' }>;

/** Who is signed in, what the sign-in grants, the two actions, and the API panel. */
export function renderSignedIn(
  view: SignedIn,
  model: UiModel,
  dispatch: Dispatch,
  copyDetails?: HTMLButtonElement,
): Node[] {
  const { user } = view;
  const scopes = view.scopes.length
    ? h('ul', { id: 'scopes', class: 'scopes' }, ...view.scopes.map((scope) => h('li', {}, scope)))
    : h('p', { id: 'scopes', class: 'muted' }, 'None');
  return [
    h(
      'dl',
      { class: 'facts' },
      // Plain OAuth 2.0 (no `openid` scope) authorizes the app without saying who signed in.
      ...fact('Name', optional('user-name', user?.name)),
      ...fact('Email', optional('user-email', user?.email)),
      ...fact(
        'Subject',
        user ? h('code', { id: 'user-subject' }, user.subject) : optional('user-subject', undefined),
      ),
      ...fact('Issuer', h('code', { id: 'issuer' }, view.issuer)),
      ...fact('Granted scopes', scopes),
      ...fact('Access token expires', expiryTime(view.accessTokenExpiresAt, model.now, 'expires')),
    ),
    h(
      'div',
      { class: 'actions' },
      button('call-api', 'Call API', () => dispatch('callApi'), {
        primary: true,
        busy: model.busy.has('callApi'),
      }),
      ...(model.apiActions ?? []).map((action, index) =>
        button(`api-action-${index}`, action.label, () => dispatch('callAction', index), {
          busy: model.busy.has('callAction'),
        }),
      ),
      button('sign-out', 'Sign out', () => dispatch('signOut'), { busy: model.busy.has('signOut') }),
      copyDetails,
    ),
    view.stepUp ? renderStepUpWait(view.stepUp, model, dispatch) : renderApiPanel(model, dispatch),
    ...(model.providerCheck ? [renderProviderCheck(model.providerCheck)] : []),
  ];
}

function fact(term: string, value: Node): [HTMLElement, HTMLElement] {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function optional(id: string, value: string | undefined): HTMLElement {
  return value === undefined ? h('span', { id, class: 'muted' }, 'Not provided') : h('span', { id }, value);
}
