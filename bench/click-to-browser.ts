import * as oidc from 'openid-client';
import { DPOP_ALGORITHM } from '../electron/auth/dpop/dpop-key.js';
import { DEMO_REDIRECT_URI } from '../demo/demo-constants.js';
import { startBenchApp } from './bench-app.js';
import type { BenchContext } from './bench-context.js';
import { LaunchRecorder } from './launch-recorder.js';
import { interleave, type PairedSamples, type RoundPlan } from './measure.js';

/** Click-to-browser timings, and which request both sides made. */
export interface ClickToBrowserResult extends PairedSamples {
  /** Both sides pushed the request (RFC 9126) and opened a URL with only `client_id` and `request_uri`. */
  readonly pushed: boolean;
  /** Both sides sent the pushed request with a DPoP proof (RFC 9449 §10.1). */
  readonly dpop: boolean;
}

/**
 * The wait between the user's click on Sign in and the system browser coming up.
 *
 * App: from `session.signIn()`, the call the `auth:sign-in` IPC handler makes, until the session
 * calls the browser launcher's `open(url)`. That covers the state checks, the DPoP key when DPoP is
 * on, opening the redirect receiver, the pending authorization (PKCE verifier and S256 challenge,
 * state, nonce, expiry), its expiry timer, the pushed request and the URL. The session is one
 * running app whose provider configuration is already in memory (the first click after a start
 * also checks the saved metadata, which restore-at-start measures). After each sample the attempt
 * is cancelled, untimed, as the user's Cancel would: the next click starts from signed-out, like a
 * real one, instead of paying for superseding a waiting attempt, and no pending attempt or expiry
 * timer is left behind, which {@link requireNothingLeft} checks.
 *
 * Bare: what any correct client does before opening the browser: a PKCE verifier and its S256
 * challenge, state and nonce, then `buildAuthorizationUrlWithPAR` with the same parameters (or
 * `buildAuthorizationUrl` when the app does not push), with a new DPoP key and proof when the app's
 * configuration turns DPoP on, then the same kind of launcher's `open(url)`. It keeps nothing.
 *
 * Both sides end at the same instant, the launcher's `open`, and send the same pushed request to
 * the same provider; each unused `request_uri` expires at the provider on its own (RFC 9126 §2.2).
 */
export async function measureClickToBrowser(
  context: BenchContext,
  plan: RoundPlan,
): Promise<ClickToBrowserResult> {
  const { config } = context;
  const pushed = offersPushedRequests(context);
  const { session, browser } = startBenchApp(context);
  const timersBefore = context.timers.size;

  const app = async (): Promise<number> => {
    const start = performance.now();
    const view = await session.signIn();
    const elapsed = browser.openedAt - start;
    if (view.state !== 'awaiting-browser' || view.error !== undefined || elapsed < 0) {
      throw new Error(`the app's sign-in did not open the browser (${view.state})`);
    }
    requireRequestShape(browser.last, pushed, 'app');
    session.cancel();
    requireNothingLeft(session.view().state, context.timers.size - timersBefore);
    return elapsed;
  };

  const bareBrowser = new LaunchRecorder();
  const parameters = {
    ...config.authorizationParams,
    response_type: 'code',
    redirect_uri: config.redirectUri ?? DEMO_REDIRECT_URI,
    scope: config.scopes.join(' '),
  };
  const bare = async (): Promise<number> => {
    const start = performance.now();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const request = {
      ...parameters,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    };
    const url = pushed
      ? await oidc.buildAuthorizationUrlWithPAR(context.bare, request, await bareProof(context))
      : oidc.buildAuthorizationUrl(context.bare, request);
    await bareBrowser.open(url);
    const elapsed = bareBrowser.openedAt - start;
    requireRequestShape(bareBrowser.last, pushed, 'bare');
    return elapsed;
  };

  const samples = await interleave(app, bare, plan);
  return { ...samples, pushed, dpop: config.dpop };
}

/**
 * Whether the app will push: the provider names a PAR endpoint and the configuration leaves PAR on.
 * Each app URL is checked against this, so the bare side can never do a different request.
 */
function offersPushedRequests(context: BenchContext): boolean {
  const metadata = context.bare.serverMetadata();
  return (
    metadata.pushed_authorization_request_endpoint !== undefined &&
    context.config.pushedAuthorizationRequests === 'auto'
  );
}

/**
 * DPoP for the bare side's pushed request when the app uses it: a new key per sign-in, as the app
 * makes one, and a handle for it (RFC 9449 §10.1 binds the authorization code to that key).
 */
async function bareProof(context: BenchContext): Promise<oidc.DPoPOptions> {
  if (!context.config.dpop) return {};
  return { DPoP: oidc.getDPoPHandle(context.bare, await oidc.randomDPoPKeyPair(DPOP_ALGORITHM)) };
}

/** A benchmark of the wrong request measures nothing: a pushed request's URL holds only its reference. */
function requireRequestShape(url: URL, pushed: boolean, side: string): void {
  const names = [...url.searchParams.keys()].sort().join(' ');
  const expected = pushed ? names === 'client_id request_uri' : url.searchParams.has('code_challenge');
  if (!expected) throw new Error(`the ${side} side opened an unexpected authorization URL (${names})`);
}

/** After a cancel the session is signed out and the attempt's expiry timer is gone. */
function requireNothingLeft(state: string, extraTimers: number): void {
  if (state !== 'signed-out' || extraTimers !== 0) {
    throw new Error(`a cancelled sign-in left the session ${state} with ${extraTimers} extra timers`);
  }
}
