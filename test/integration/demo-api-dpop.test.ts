import { request as httpRequest } from 'node:http';
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

/**
 * A request as a client other than fetch can shape it: its own `Host` header, or a request target
 * in absolute form (RFC 9112 §3.2.2), both of which the client alone decides.
 */
function rawGet(target: string, headers: Record<string, string>): Promise<Response> {
  const { hostname, port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ hostname, port, path: target, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () =>
        resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode ?? 0 })),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
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

describe('demo API: the URL a proof must name (RFC 9449 §4.3)', () => {
  const elsewhere = 'http://api.example.test/appointments';

  it('refuses a proof for another host, although the Host header names that host', async () => {
    const response = await rawGet('/appointments', {
      host: 'api.example.test',
      authorization: `DPoP ${accessToken}`,
      dpop: await proof({ htu: elsewhere }),
    });
    expect(await refusal(response)).toEqual({
      status: 401,
      error: 'invalid_dpop_proof',
      description: 'The DPoP proof is for another URL',
    });
  });

  it('refuses a proof for another host sent with that host in an absolute request target', async () => {
    const response = await rawGet(elsewhere, {
      authorization: `DPoP ${accessToken}`,
      dpop: await proof({ htu: elsewhere }),
    });
    expect(await refusal(response)).toMatchObject({ status: 401, error: 'invalid_dpop_proof' });
  });

  it('accepts a proof for its own origin whatever Host header carried it', async () => {
    const response = await rawGet('/appointments', {
      host: 'api.example.test',
      authorization: `DPoP ${accessToken}`,
      dpop: await proof({ htu: `${api.url}/appointments` }),
    });
    expect(response.status).toBe(200);
  });

  it('refuses a proof for another path or port of its own host', async () => {
    const { port } = new URL(api.url);
    for (const htu of [`${api.url}/health`, `http://127.0.0.1:${Number(port) + 1}/appointments`]) {
      expect(await refusal(await getAppointments(await proof({ htu })))).toMatchObject({
        error: 'invalid_dpop_proof',
        description: 'The DPoP proof is for another URL',
      });
    }
  });
});
