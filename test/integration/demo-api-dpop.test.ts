import { exportJWK, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { type DemoApi, startDemoApi } from '../../demo/api.js';
import { buildDemoAuthorization, discoverDemoProvider } from '../../demo/bare-client.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { type DemoProvider, startDemoProvider } from '../../demo/provider.js';

/**
 * The demo API as a DPoP resource server (RFC 9449 §7), with proofs made by hand from the key the
 * token is bound to, so each check can be aimed at on its own.
 */
let provider: DemoProvider;
let api: DemoApi;
let keyPair: CryptoKeyPair;
let accessToken: string;

/** Signs in as the demo's public client with DPoP, so the access token is bound to `keyPair` (§5). */
async function signInWithDpop(issuer: string, key: CryptoKeyPair): Promise<string> {
  const config = await discoverDemoProvider(issuer);
  const pending = await buildDemoAuthorization(config);
  const callback = await completeLoginOverHttp(pending.url.href);
  const tokens = await oidc.authorizationCodeGrant(
    config,
    new URL(callback),
    { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce },
    undefined,
    { DPoP: oidc.getDPoPHandle(config, key) },
  );
  return tokens.access_token;
}

interface ProofClaims {
  readonly htu: string;
  readonly htm?: string;
  readonly iat?: number;
  readonly nonce?: string;
}

/** A DPoP proof (§4.2) by `keyPair` for `accessToken`; `claims` aims it at a request. */
async function proof(claims: ProofClaims, key = keyPair, token = accessToken): Promise<string> {
  const ath = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return new SignJWT({
    htm: 'GET',
    jti: crypto.randomUUID(),
    iat: Math.floor(Date.now() / 1000),
    ath: ath.toString('base64url'),
    ...claims,
  })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: await exportJWK(key.publicKey) })
    .sign(key.privateKey);
}

function getAppointments(dpop: string, token = accessToken): Promise<Response> {
  return fetch(`${api.url}/appointments`, { headers: { authorization: `DPoP ${token}`, dpop } });
}

async function refusal(response: Response): Promise<{ status: number; error: string; description: string }> {
  const body = (await response.json()) as { error: string; error_description: string };
  return { status: response.status, error: body.error, description: body.error_description };
}

beforeAll(async () => {
  provider = await startDemoProvider({ port: 0 });
  api = await startDemoApi({ port: 0, issuer: provider.issuer });
  keyPair = await oidc.randomDPoPKeyPair();
  accessToken = await signInWithDpop(provider.issuer, keyPair);
});

afterAll(async () => {
  await api?.close();
  await provider?.close();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('demo API: DPoP proof replay (RFC 9449 §11.1)', () => {
  it('accepts a fresh proof by the bound key', async () => {
    const response = await getAppointments(await proof({ htu: `${api.url}/appointments` }));
    expect(response.status).toBe(200);
  });

  it('still refuses a replayed proof for as long as the proof itself would pass as fresh', async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const once = await proof({ htu: `${api.url}/appointments` });
    expect((await getAppointments(once)).status).toBe(200);

    // A minute and a little later: the proof is still within its freshness and clock tolerance.
    vi.setSystemTime(start + 62_000);
    expect(await refusal(await getAppointments(once))).toEqual({
      status: 401,
      error: 'invalid_dpop_proof',
      description: 'The DPoP proof was already used',
    });
  });
});
