import keytar from 'keytar';
import { completeLoginOverHttp } from '../demo/login-over-http.js';
import { buildDemoAuthorization, redeemDemoCallback } from '../demo/bare-client.js';
import { authorizeInBrowser, requireSignedIn, startBenchApp, whenSignedIn } from './bench-app.js';
import type { BenchContext } from './bench-context.js';
import { interleave, type PairedSamples, type RoundPlan } from './measure.js';

/**
 * What the app adds to finishing a sign-in once the browser is done.
 *
 * App: from `session.handleRedirect(callbackUrl)` until the session publishes signed-in, which it
 * does only after the tokens are in memory and the refresh token is in the keychain. That covers
 * callback parsing, matching the pending attempt, the code exchange with ID-token checks, the
 * keychain write, the state machine and planning the next refresh.
 *
 * Bare: `authorizationCodeGrant` with the same checks (PKCE verifier, state, nonce, ID token
 * expected) and one keytar `setPassword`: the least any correct client must do.
 *
 * Each sign-in needs a fresh authorization (codes are single use), so the browser part runs before
 * the clock starts, on both sides.
 */
export function measureSignIn(context: BenchContext, plan: RoundPlan): Promise<PairedSamples> {
  const app = async (): Promise<number> => {
    const started = startBenchApp(context);
    const callbackUrl = await authorizeInBrowser(started);
    const published = whenSignedIn(started.session);
    const start = performance.now();
    const outcome = await started.session.handleRedirect(callbackUrl);
    requireSignedIn(started.session.view(), `sign-in ended ${outcome}`);
    return (await published) - start;
  };

  const bare = async (): Promise<number> => {
    const pending = await buildDemoAuthorization(context.bare);
    const callbackUrl = await completeLoginOverHttp(pending.url.href);
    const start = performance.now();
    const tokens = await redeemDemoCallback(context.bare, pending, callbackUrl);
    if (tokens.refresh_token === undefined) throw new Error('the provider issued no refresh token');
    await keytar.setPassword(context.config.keychainService, context.bareAccount, tokens.refresh_token);
    return performance.now() - start;
  };

  return interleave(app, bare, plan);
}
