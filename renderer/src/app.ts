import type {
  ApiResponseView,
  AppInfoView,
  DesktopAuthBridge,
  ErrorView,
  ProviderCheckView,
  Result,
  SessionView,
} from '../../electron/shared/ipc-contract.js';
import { statusLine } from './api-panel.js';
import { renderScreen } from './screens.js';
import { type Action, describeState } from './ui-model.js';
import { refreshTimes } from './widgets.js';

const BUTTON_IDS: Readonly<Record<Action, string>> = {
  signIn: 'sign-in',
  signInAgain: 'sign-in-again',
  cancel: 'cancel',
  reopenBrowser: 'reopen-browser',
  signOut: 'sign-out',
  callApi: 'call-api',
  checkProvider: 'check-provider',
  copyDetails: 'copy-details',
};

const NO_ANSWER: ErrorView = { code: 'internal_error', message: 'The app did not answer. Try again.' };

/** Where the app draws: the `#screen` landmark and the polite live region. */
export interface AppElements {
  readonly screen: HTMLElement;
  readonly status: HTMLElement;
}

/**
 * Run the UI against the bridge: show main's session state as it changes, turn button presses
 * into bridge calls, and show what failed. Main's `auth:state-changed` events are the source of
 * truth; a call's returned view is used only if no event arrived while the call was in flight.
 * `info` is main's app info, asked for once: it says which request "Call API" sends.
 */
export function startApp(
  bridge: DesktopAuthBridge,
  { screen, status }: AppElements,
  info: Promise<AppInfoView> = bridge.getInfo(),
): void {
  let view: SessionView | undefined;
  let failure: ErrorView | undefined;
  let api: ApiResponseView | undefined;
  let apiRequest: AppInfoView['apiRequest'] | undefined;
  info.then(
    (known) => {
      apiRequest = known.apiRequest;
      draw();
    },
    () => undefined,
  );
  let providerCheck: ProviderCheckView | undefined;
  let events = 0;
  let returnFocusTo: string | undefined;
  const busy = new Set<Action>();

  function showView(next: SessionView): void {
    const changed = view?.state !== next.state;
    view = next;
    // A new screen, or a view that brings its own error, makes the last failed call old news.
    if (changed || ('error' in next && next.error)) failure = undefined;
    if (next.state !== 'signed-in') api = undefined;
    if (changed) providerCheck = undefined;
    draw(changed);
  }

  function draw(stateChanged = false): void {
    if (!view) return;
    const active = document.activeElement;
    const focusedId = active && screen.contains(active) ? active.id : '';
    const oldAlert = screen.querySelector('#error');
    screen.replaceChildren(
      ...renderScreen({ view, busy, failure, api, apiRequest, providerCheck, now: Date.now() }, dispatch),
    );
    const newAlert = screen.querySelector('#error');
    // Re-inserting an unchanged alert would make screen readers announce it again.
    if (oldAlert && newAlert?.textContent === oldAlert.textContent) newAlert.replaceWith(oldAlert);
    screen.dataset['state'] = view.state;
    screen.setAttribute('aria-busy', String(view.state === 'restoring' || view.state === 'exchanging'));
    if (stateChanged) {
      returnFocusTo = undefined;
      status.textContent = describeState(view);
      screen.querySelector<HTMLElement>('h1')?.focus();
      return;
    }
    // A button loses focus while it is disabled; give it back when its call has answered.
    const target = document.getElementById(focusedId || returnFocusTo || '');
    if (target && !(target instanceof HTMLButtonElement && target.disabled)) {
      target.focus();
      returnFocusTo = undefined;
    }
  }

  async function run<T>(action: Action, call: () => Promise<Result<T>>): Promise<T | undefined> {
    if (busy.has(action)) return undefined;
    busy.add(action);
    failure = undefined;
    if (document.activeElement?.id === BUTTON_IDS[action]) returnFocusTo = BUTTON_IDS[action];
    draw();
    const result = await call().catch((): Result<T> => ({ ok: false, error: NO_ANSWER }));
    busy.delete(action);
    if (!result.ok) failure = result.error;
    draw();
    return result.ok ? result.value : undefined;
  }

  async function changeSession(action: Action, call: () => Promise<Result<SessionView>>): Promise<void> {
    const seen = events;
    const next = await run(action, call);
    if (next && events === seen) showView(next);
  }

  async function callApi(): Promise<void> {
    // Only the method and path main configured; main checks them again before any request.
    const answer = await run('callApi', async () => {
      const { method, path } = apiRequest ?? (await info).apiRequest;
      return bridge.request({ method, path });
    });
    if (!answer || view?.state !== 'signed-in') return;
    api = answer;
    draw();
    status.textContent = `The API answered ${statusLine(answer.status)}.`;
  }

  async function checkProvider(): Promise<void> {
    const report = await run('checkProvider', () => bridge.checkProvider());
    if (report) showProviderCheck(report);
  }

  /** A provider check's report, from the button or from the Help menu. */
  function showProviderCheck(report: ProviderCheckView): void {
    providerCheck = report;
    draw();
    const problems = report.checks.filter((check) => check.status === 'fail').length;
    status.textContent = report.ok
      ? 'The provider check found no problem.'
      : `The provider check found ${problems} problem${problems === 1 ? '' : 's'}.`;
  }

  async function copyDetails(): Promise<void> {
    if (await run('copyDetails', () => bridge.copyDetails()))
      status.textContent = 'Details copied to the clipboard.';
  }

  function dispatch(action: Action): void {
    if (action === 'signIn') void changeSession(action, () => bridge.signIn());
    else if (action === 'signInAgain') void changeSession(action, () => bridge.signInAgain());
    else if (action === 'cancel') void changeSession(action, () => bridge.cancel());
    else if (action === 'reopenBrowser') void changeSession(action, () => bridge.reopenBrowser());
    else if (action === 'signOut') void changeSession(action, () => bridge.signOut());
    else if (action === 'checkProvider') void checkProvider();
    else if (action === 'copyDetails') void copyDetails();
    else void callApi();
  }

  bridge.onProviderCheck(showProviderCheck);
  bridge.onStateChanged((next) => {
    events += 1;
    showView(next);
  });
  bridge.getState().then(
    (initial) => {
      if (events === 0) showView(initial);
    },
    () => showFailure(screen, 'The app could not report whether you are signed in. Restart it.'),
  );
  setInterval(() => refreshTimes(screen, Date.now()), 15_000);
}

/** Replace the screen with an error the user cannot fix from here (e.g. a missing bridge). */
export function showFailure(screen: HTMLElement, message: string): void {
  const title = document.createElement('h1');
  title.id = 'screen-title';
  title.tabIndex = -1;
  title.textContent = 'The app cannot start';
  const alert = document.createElement('p');
  alert.id = 'error';
  alert.className = 'alert';
  alert.setAttribute('role', 'alert');
  alert.textContent = message;
  screen.replaceChildren(title, alert);
  screen.dataset['state'] = 'unavailable';
  screen.setAttribute('aria-busy', 'false');
  title.focus();
}
