import keytar from 'keytar';
import * as oidc from 'openid-client';
import { completeLoginOverHttp } from '../demo/login-over-http.js';
import { buildDemoAuthorization, redeemDemoCallback } from '../demo/bare-client.js';
import { requireSignedIn, signInBenchApp, startBenchApp } from './bench-app.js';
import type { BenchContext } from './bench-context.js';
import { interleave, type PairedSamples, type RoundPlan } from './measure.js';
import { type ProviderRequest, recordProviderRequests } from './provider-requests.js';

/** Restore timings, and what each app restore sent to the provider. */
export interface RestoreResult extends PairedSamples {
  /** Provider requests per recorded app restore (expected: exactly 1 each). */
  readonly requestsPerRestore: readonly number[];
  /** The requests of the last app restore, to show what they were. */
  readonly lastRequests: readonly ProviderRequest[];
}

/**
 * A start with a refresh token in the keychain and provider metadata in the cache.
 *
 * App: a fresh session (nothing in memory, as after a restart) from `restore()` until it returns
 * signed-in: keychain read, configuration from the cached metadata, one refresh, the rotated refresh
 * token saved, tokens adopted and the next refresh planned.
 *
 * Bare: keytar `getPassword`, an openid-client configuration from the same metadata,
 * `refreshTokenGrant`, and keytar `setPassword` for the rotated token. The brief's bare minimum
 * names only the read and the grant, but the demo rotates refresh tokens on every use (RFC 9700
 * §4.14.2): a client that skips the write presents a spent token at its next start, so the write is
 * part of the least a correct client does, and leaving it out would book its cost to the app.
 *
 * Each side rotates its own chain of refresh tokens in the run's keychain service.
 */
export async function measureRestore(context: BenchContext, plan: RoundPlan): Promise<RestoreResult> {
  const { config, bare: bareConfiguration, bareAccount } = context;
  const service = config.keychainService;
  await signInBenchApp(startBenchApp(context));
  await signInBare(context);
  const metadata = bareConfiguration.serverMetadata();
  const requestsPerRestore: number[] = [];
  let lastRequests: readonly ProviderRequest[] = [];

  const app = async (): Promise<number> => {
    const recorder = recordProviderRequests();
    const started = startBenchApp(context, { fetch: recorder.fetch });
    const start = performance.now();
    const view = await started.session.restore();
    const elapsed = performance.now() - start;
    requireSignedIn(view, 'restore');
    requestsPerRestore.push(recorder.requests.length);
    lastRequests = recorder.requests;
    return elapsed;
  };

  const bare = async (): Promise<number> => {
    const recorder = recordProviderRequests();
    const start = performance.now();
    const refreshToken = await keytar.getPassword(service, bareAccount);
    if (refreshToken === null) throw new Error('the bare refresh token is not in the keychain');
    const configuration = new oidc.Configuration(metadata, config.clientId, undefined, oidc.None());
    configuration[oidc.customFetch] = recorder.fetch;
    oidc.allowInsecureRequests(configuration); // the demo runs on plain http loopback
    const tokens = await oidc.refreshTokenGrant(configuration, refreshToken);
    if (tokens.refresh_token !== undefined && tokens.refresh_token !== refreshToken) {
      await keytar.setPassword(service, bareAccount, tokens.refresh_token);
    }
    return performance.now() - start;
  };

  const samples = await interleave(app, bare, plan);
  return { ...samples, requestsPerRestore: requestsPerRestore.slice(plan.warmup), lastRequests };
}

/** Put a bare-client refresh token into the keychain: the bare side's first sign-in. */
async function signInBare(context: BenchContext): Promise<void> {
  const pending = await buildDemoAuthorization(context.bare);
  const tokens = await redeemDemoCallback(
    context.bare,
    pending,
    await completeLoginOverHttp(pending.url.href),
  );
  if (tokens.refresh_token === undefined) throw new Error('the provider issued no refresh token');
  await keytar.setPassword(context.config.keychainService, context.bareAccount, tokens.refresh_token);
}
