import { createKeytarSecretStore } from '../electron/adapters/keytar-secret-store.js';
import type { Clock } from '../electron/auth/ports.js';
import { type HttpFetch, ProviderClient } from '../electron/auth/provider-client.js';
import { schemeRedirect } from '../electron/auth/redirect-receiver.js';
import { Session } from '../electron/auth/session.js';
import type { SessionView } from '../electron/shared/ipc-contract.js';
import { DEMO_REDIRECT_URI } from '../demo/demo-constants.js';
import { completeLoginOverHttp } from '../test/support/demo-login-http.js';
import type { BenchContext } from './bench-context.js';
import { LaunchRecorder } from './launch-recorder.js';

/** One start of the app: its session, and the browser stand-in that holds the URL it opened. */
export interface BenchApp {
  readonly session: Session;
  readonly browser: LaunchRecorder;
}

/**
 * Wire a session the way `electron/main/compose-session.ts` does — the real keychain through the
 * keytar adapter, the provider with its metadata cache, the private-use scheme redirect — with two
 * stand-ins that cost nothing measurable: a browser that records the URL (and when it was asked to
 * open it) instead of opening it, and the run's timer bag so planned refreshes can be cancelled.
 * (`test/support/demo-session.ts` wires the same parts but cannot take a schedule.) Each call is a
 * fresh app start: nothing in memory.
 */
export function startBenchApp(
  context: BenchContext,
  options: { readonly clock?: Clock; readonly fetch?: HttpFetch } = {},
): BenchApp {
  const { config } = context;
  const secrets = createKeytarSecretStore(config.keychainService);
  const provider = new ProviderClient(config, {
    savedMetadata: { cache: context.metadataCache, keychain: secrets },
    fetch: options.fetch,
  });
  const browser = new LaunchRecorder();
  const session = new Session({
    config,
    provider,
    secrets,
    browser,
    redirect: schemeRedirect(config.redirectUri ?? DEMO_REDIRECT_URI),
    schedule: context.timers.schedule,
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
