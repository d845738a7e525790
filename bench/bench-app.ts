import { createKeytarSecretStore } from '../electron/adapters/keytar-secret-store.js';
import type { Clock, HttpFetch } from '../electron/auth/ports.js';
import type { Session } from '../electron/auth/session.js';
import { composeSession } from '../electron/main/compose-session.js';
import type { SessionView } from '../electron/shared/ipc-contract.js';
import { completeLoginOverHttp } from '../demo/login-over-http.js';
import type { BenchContext } from './bench-context.js';
import { LaunchRecorder } from './launch-recorder.js';

/** One start of the app: its session, and the browser stand-in that holds the URL it opened. */
export interface BenchApp {
  readonly session: Session;
  readonly browser: LaunchRecorder;
}

/**
 * One start of the app, composed by the app's own `composeSession`: the real keychain through the
 * keytar adapter, the provider with the metadata saved in the run's data folder, the system browser launcher with its
 * endpoint guard, the private-use scheme redirect. Two stand-ins cost nothing measurable: the OS's
 * `openExternal` records the URL (and when it was handed over) instead of opening it, and the run's
 * timer bag takes planned refreshes so they can be cancelled. Nothing is in memory from before.
 */
export function startBenchApp(
  context: BenchContext,
  options: { readonly clock?: Clock; readonly fetch?: HttpFetch } = {},
): BenchApp {
  const { config } = context;
  const browser = new LaunchRecorder();
  const { session } = composeSession({
    config,
    appName: 'Bench',
    secrets: createKeytarSecretStore(config.keychainService),
    openExternal: (url) => browser.open(new URL(url)),
    isSchemeRegistered: () => true,
    userDataDir: context.userDataDir,
    schedule: context.timers.schedule,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { session, browser };
}

/**
 * Start a sign-in and play the user at the browser (the demo's login and consent pages over HTTP).
 * Returns the callback URL the OS would hand to the app, not yet delivered. Untimed set-up work.
 */
export async function authorizeInBrowser(app: BenchApp): Promise<string> {
  const view = await app.session.signIn();
  if (view.state !== 'awaiting-browser') throw new Error(`sign-in did not start: ${describe(view)}`);
  return completeLoginOverHttp(app.browser.last.href);
}

/** A complete sign-in, for scenarios that only need a signed-in session to start from. */
export async function signInBenchApp(app: BenchApp): Promise<void> {
  const outcome = await app.session.handleRedirect(await authorizeInBrowser(app));
  requireSignedIn(app.session.view(), `sign-in ended ${outcome}`);
}

/**
 * Resolves with `performance.now()` at the moment the session publishes signed-in: the instant the
 * renderer would learn of it. Subscribe before delivering the callback.
 */
export function whenSignedIn(session: Session): Promise<number> {
  return new Promise((resolve) => {
    const unsubscribe = session.subscribe((view) => {
      if (view.state !== 'signed-in') return;
      unsubscribe();
      resolve(performance.now());
    });
  });
}

/**
 * A benchmark of a broken flow measures nothing: fail loudly unless the session is signed in with no
 * error (an error here would mean, for instance, that the keychain write failed).
 */
export function requireSignedIn(view: SessionView, context: string): void {
  if (view.state !== 'signed-in' || view.error !== undefined) {
    throw new Error(`${context}: expected signed-in without error, got ${describe(view)}`);
  }
}

function describe(view: SessionView): string {
  return 'error' in view && view.error ? `${view.state} (${view.error.code})` : view.state;
}
