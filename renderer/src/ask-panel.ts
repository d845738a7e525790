import type { ApiAskView, StepUpView } from '../../electron/shared/ipc-contract.js';
import { askQuestion } from './ask-question.js';
import { button, h } from './dom.js';
import type { Dispatch, UiModel } from './ui-model.js';
import { renderWaitActions } from './wait-actions.js';
import { expiryTime, progress } from './widgets.js';

/**
 * The API's question with its two answers, **Continue in browser** and **Not now** (RFC 9470 §4:
 * the user decides; nothing starts by itself). A group named by the question, so a screen reader
 * reads it with the focused button.
 */
export function renderAsk(ask: ApiAskView, model: UiModel, dispatch: Dispatch): HTMLElement {
  const { question, details } = askQuestion(ask);
  return h(
    'div',
    { id: 'api-ask', class: 'notice ask', role: 'group', 'aria-labelledby': 'api-ask-question' },
    h('h3', { id: 'api-ask-question', tabindex: '-1' }, question),
    ...details.map((detail) => h('p', {}, detail)),
    h(
      'div',
      { class: 'actions' },
      button('step-up-continue', 'Continue in browser', () => dispatch('stepUp'), {
        primary: true,
        busy: model.busy.has('stepUp'),
      }),
      button('step-up-decline', 'Not now', () => dispatch('declineStepUp'), {
        busy: model.busy.has('stepUp'),
      }),
    ),
  );
}

/** A step-up waiting for the browser, inside the signed-in screen: the same choices as a sign-in's wait. */
export function renderStepUpWait(stepUp: StepUpView, model: UiModel, dispatch: Dispatch): HTMLElement {
  const what = stepUp.kind === 'scope' ? 'allow the permission' : 'confirm it is you';
  return h(
    'section',
    { id: 'step-up-wait', class: 'api', 'aria-labelledby': 'step-up-title' },
    h('h2', { id: 'step-up-title' }, 'Continue in your browser'),
    h('p', {}, `Your identity provider is open in your web browser: ${what} there, then come back.`),
    progress('Waiting for the browser'),
    h('p', { class: 'muted' }, 'This request expires at ', expiryTime(stepUp.expiresAt, model.now), '.'),
    ...renderWaitActions(model, dispatch),
  );
}
