import type {
  ApiRequest,
  ApiResponseView,
  AppInfoView,
  CopiedSignInLink,
  DesktopAuthBridge,
  ErrorView,
  ProviderCheckView,
  Result,
  SessionView,
} from '../../electron/shared/ipc-contract.js';
import { statusLine } from './api-panel.js';
import { renderScreen } from './screens.js';
import { type Action, describeState } from './ui-model.js';
import { describeLinkCopied, waitingUntil } from './wait-actions.js';
import { refreshTimes } from './widgets.js';

const BUTTON_IDS: Readonly<Record<Action, string>> = {
  signIn: 'sign-in',
  signInAgain: 'sign-in-again',
  cancel: 'cancel',
  reopenBrowser: 'reopen-browser',
  copySignInLink: 'copy-sign-in-link',
  signOut: 'sign-out',
  callApi: 'call-api',
  callAction: 'api-action-0',
  stepUp: 'step-up-continue',
  declineStepUp: 'step-up-decline',
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
  let apiSent: Pick<ApiRequest, 'method' | 'path'> | undefined;
  let apiRequest: AppInfoView['apiRequest'] | undefined;
  let apiActions: AppInfoView['apiActions'] | undefined;
  info.then(
    (known) => {
      apiRequest = known.apiRequest;
      apiActions = known.apiActions;
      draw();
    },
    () => undefined,
  );
  let providerCheck: ProviderCheckView | undefined;
  let linkCopied: CopiedSignInLink | undefined;
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
    // A copied link belongs to its attempt; a new attempt (or none) makes the notice wrong.
    if (linkCopied && waitingUntil(next) !== linkCopied.expiresAt) linkCopied = undefined;
    draw(changed);
  }

  function draw(stateChanged = false): void {
    if (!view) return;
    const active = document.activeElement;
    const focusedId = active && screen.contains(active) ? active.id : '';
    const oldAlert = screen.querySelector('#error');
    screen.replaceChildren(
      ...renderScreen(
        {
          view,
          busy,
          failure,
          api,
          apiSent,
          apiRequest,
          apiActions,
          providerCheck,
          linkCopied,
          now: Date.now(),
        },
        dispatch,
      ),
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

  /** The configured request, or one of the configured actions: main checks them again before sending. */
  async function callApi(action: 'callApi' | 'callAction', index = 0): Promise<void> {
    const answer = await run(action, async () => {
      const known = await info;
      const { method, path } =
        action === 'callApi' ? known.apiRequest : (known.apiActions[index] ?? known.apiRequest);
      apiSent = { method, path };
      return bridge.request({ method, path });
    });
    showAnswer(answer);
  }

  /** "Continue in browser": main signs in for what the API asked, then sends the request again. */
  async function stepUp(): Promise<void> {
    const ask = api?.ask;
    if (!ask) return;
    showAnswer(await run('stepUp', () => bridge.stepUp(ask.id)), ask.id);
  }

  /** "Not now": the question goes away; the session was never touched. */
  function declineStepUp(): void {
    if (!api?.ask) return;
    api = withoutAsk(api);
    returnFocusTo = 'call-api';
    draw();
    status.textContent = 'Nothing was changed.';
  }

  function showAnswer(answer: ApiResponseView | undefined, answered?: string): void {
    if (view?.state !== 'signed-in') return;
    // After a failed step-up its question is answered: the refusal stays, without asking again.
    if (!answer) {
      if (answered && api?.ask?.id === answered) api = withoutAsk(api);
      draw();
      return;
    }
    api = answer;
    draw();
    if (answer.ask) {
      document.getElementById('step-up-continue')?.focus();
      status.textContent = `The API answered ${statusLine(answer.status)} and asks for more.`;
    } else {
      status.textContent = `The API answered ${statusLine(answer.status)}.`;
    }
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

  /** "Copy sign-in link": main copies it; the window says what it is good for, aloud too. */
  async function copySignInLink(): Promise<void> {
    const copied = await run('copySignInLink', () => bridge.copySignInLink());
    if (!copied || !view || waitingUntil(view) !== copied.expiresAt) return;
    linkCopied = copied;
    draw();
    status.textContent = describeLinkCopied(copied, Date.now());
  }

  function dispatch(action: Action, index?: number): void {
    if (action === 'signIn') void changeSession(action, () => bridge.signIn());
    else if (action === 'signInAgain') void changeSession(action, () => bridge.signInAgain());
    else if (action === 'cancel') void changeSession(action, () => bridge.cancel());
    else if (action === 'reopenBrowser') void changeSession(action, () => bridge.reopenBrowser());
    else if (action === 'signOut') void changeSession(action, () => bridge.signOut());
    else if (action === 'checkProvider') void checkProvider();
    else if (action === 'copyDetails') void copyDetails();
    else if (action === 'copySignInLink') void copySignInLink();
    else if (action === 'stepUp') void stepUp();
    else if (action === 'declineStepUp') declineStepUp();
    else void callApi(action, index);
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

function withoutAsk(response: ApiResponseView): ApiResponseView {
  const copy = { ...response };
  delete copy.ask;
  return copy;
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
