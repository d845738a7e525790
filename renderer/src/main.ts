import type { Result, SessionView } from '../../electron/shared/ipc-contract.js';
import { renderApiResponse } from './api-panel.js';
import { getBridge } from './bridge.js';
import { h } from './dom.js';
import { type Actions, errorAlert, renderScreen } from './screens.js';

const STATUS_TEXT: Record<SessionView['state'], string> = {
  'signed-out': 'Signed out.',
  restoring: 'Restoring your session.',
  'awaiting-browser': 'Waiting for you to sign in in your browser.',
  exchanging: 'Finishing sign-in.',
  'signed-in': 'Signed in.',
};

const screen = document.getElementById('screen') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
const bridge = getBridge();
let shown: SessionView['state'] | undefined;

/** Replace the screen for a new state; move focus to its heading only when the state changed. */
function render(view: SessionView): void {
  screen.replaceChildren(...renderScreen(view, actions, Date.now()).filter((node) => node !== undefined));
  screen.dataset['state'] = view.state;
  screen.setAttribute('aria-busy', String(view.state === 'restoring' || view.state === 'exchanging'));
  if (view.state !== shown) {
    shown = view.state;
    status.textContent = STATUS_TEXT[view.state];
    screen.querySelector('h1')?.focus();
  }
}

/** Run a bridge call with its button disabled; show a failure in the alert slot. */
async function run<T>(button: string, call: () => Promise<Result<T>>): Promise<T | undefined> {
  const control = document.getElementById(button) as HTMLButtonElement | null;
  if (control) control.disabled = true;
  try {
    const result = await call();
    if (result.ok) return result.value;
    screen.querySelector('#error')?.remove();
    screen.querySelector('h1')?.after(errorAlert(result.error) ?? '');
    return undefined;
  } finally {
    if (control?.isConnected) control.disabled = false;
  }
}

const actions: Actions = {
  signIn: () => void run('sign-in', () => bridge!.signIn()),
  cancel: () => void run('cancel', () => bridge!.cancel()),
  signOut: () => void run('sign-out', () => bridge!.signOut()),
  callApi: () =>
    void run('call-api', () => bridge!.request({ method: 'GET', path: '/appointments' })).then((response) => {
      const panel = document.getElementById('api-result');
      if (response && panel) renderApiResponse(panel, response);
    }),
};

if (bridge) {
  bridge.onStateChanged(render);
  void bridge.getState().then(render);
} else {
  screen.replaceChildren(
    h('h1', { tabindex: '-1' }, 'Something is wrong'),
    h(
      'p',
      { id: 'error', class: 'alert', role: 'alert' },
      'The app bridge is missing; the preload script did not load.',
    ),
  );
  screen.dataset['state'] = 'broken';
}
