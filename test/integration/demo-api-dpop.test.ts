import { request as httpRequest } from 'node:http';
import { exportJWK, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { type DemoApi, startDemoApi } from '../../demo/api.js';
import { buildDemoAuthorization, discoverDemoProvider } from '../../demo/bare-client.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { type DemoProvider, startDemoProvider } from '../../demo/provider.js';
import { startDemo } from '../../demo/start-demo.js';

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

/** How a proof departs from a good one: another signing key, or extra header members. */
interface ProofShape {
  readonly key?: CryptoKeyPair;
  readonly token?: string;
  readonly jwk?: Record<string, unknown>;
}

/** A DPoP proof (§4.2) by `keyPair` for `accessToken`; `claims` aims it at a request. */
async function proof(claims: ProofClaims, shape: ProofShape = {}): Promise<string> {
  const { key = keyPair, token = accessToken } = shape;
  const ath = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return new SignJWT({
    htm: 'GET',
    jti: crypto.randomUUID(),
    iat: Math.floor(Date.now() / 1000),
    ath: ath.toString('base64url'),
    ...claims,
  })
    .setProtectedHeader({
      typ: 'dpop+jwt',
      alg: 'ES256',
      jwk: { ...(await exportJWK(key.publicKey)), ...shape.jwk },
    })
    .sign(key.privateKey);
}

function getAppointments(dpop: string | undefined, token = accessToken, base = api.url): Promise<Response> {
  return fetch(`${base}/appointments`, {
    headers: { authorization: `DPoP ${token}`, ...(dpop === undefined ? {} : { dpop }) },
  });
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
        resolve(
          new Response(Buffer.concat(chunks), {
            status: incoming.statusCode ?? 0,
            headers: Object.entries(incoming.headers).flatMap(([name, value]) =>
              typeof value === 'string' ? [[name, value] as [string, string]] : [],
            ),
          }),
        ),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

interface Refusal {
  readonly status: number;
  readonly error: string;
  readonly description: string;
  readonly challenge: string | null;
}

async function refusal(response: Response): Promise<Refusal> {
  const body = (await response.json()) as { error: string; error_description: string };
  return {
    status: response.status,
    error: body.error,
    description: body.error_description,
    challenge: response.headers.get('www-authenticate'),
  };
}

const DPOP_CHALLENGE = 'DPoP realm="demo-api", algs="ES256 ES384 PS256 RS256 EdDSA"';

/** The last parameter of every challenge: where the API's metadata is (RFC 9728 §5.1). */
const metadataParam = (base = api.url) => `resource_metadata="${base}/.well-known/oauth-protected-resource"`;

/** The RFC 9449 §7.1 challenge for a refused proof, naming the error and why. */
const proofRefused = (description: string, error = 'invalid_dpop_proof', base = api.url): Refusal => ({
  status: 401,
  error,
  description,
  challenge: `${DPOP_CHALLENGE}, error="${error}", error_description="${description}", ${metadataParam(base)}`,
});

beforeAll(async () => {
  provider = await startDemoProvider({ port: 0 });
  api = await startDemoApi({ port: 0, issuer: provider.issuer });
  // Extractable, so that one test can put the private key where only the public one belongs.
  keyPair = await oidc.randomDPoPKeyPair('ES256', { extractable: true });
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
    expect(await refusal(await getAppointments(once))).toEqual(
      proofRefused('The DPoP proof was already used'),
    );
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
    expect(await refusal(response)).toEqual(proofRefused('The DPoP proof is for another URL'));
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

describe('demo API: what a proof must be (RFC 9449 §4.3, §7.1)', () => {
  const htu = () => `${api.url}/appointments`;

  it.each([
    ['no proof at all', () => Promise.resolve(undefined), 'A DPoP proof is required with this access token'],
    [
      'a proof by another key',
      async () => proof({ htu: htu() }, { key: await oidc.randomDPoPKeyPair() }),
      'The DPoP proof is signed by another key than the token is bound to',
    ],
    [
      'a proof that carries the private key',
      async () => proof({ htu: htu() }, { jwk: await exportJWK(keyPair.privateKey) }),
      'The DPoP proof is malformed, stale or not validly signed',
    ],
    [
      'a proof for another method',
      async () => proof({ htu: htu(), htm: 'POST' }),
      'The DPoP proof is for another HTTP method',
    ],
    [
      'a proof for another access token',
      async () => proof({ htu: htu() }, { token: 'another-token' }),
      'The DPoP proof is for another access token',
    ],
    [
      'a proof made two minutes ago',
      async () => proof({ htu: htu(), iat: Math.floor(Date.now() / 1000) - 120 }),
      'The DPoP proof is malformed, stale or not validly signed',
    ],
    [
      'a proof dated a minute ahead',
      async () => proof({ htu: htu(), iat: Math.floor(Date.now() / 1000) + 60 }),
      'The DPoP proof is malformed, stale or not validly signed',
    ],
    [
      'a proof whose signature does not match',
      async () => {
        const [header, , signature] = (await proof({ htu: htu() })).split('.');
        // The same claims but another jti: only the signature is wrong.
        const other = (await proof({ htu: htu() })).split('.')[1];
        return `${header}.${other}.${signature}`;
      },
      'The DPoP proof is malformed, stale or not validly signed',
    ],
    [
      'a proof that is no JWT',
      () => Promise.resolve('not-a-jwt'),
      'The DPoP proof is malformed, stale or not validly signed',
    ],
  ])('refuses %s', async (_, make, description) => {
    expect(await refusal(await getAppointments(await make()))).toEqual(proofRefused(description));
  });
});

describe('demo API: how a token is presented (RFC 9449 §7.1, §7.2)', () => {
  it('refuses the bound token as a Bearer token, naming the DPoP scheme', async () => {
    const response = await fetch(`${api.url}/appointments`, {
      headers: {
        authorization: `Bearer ${accessToken}`,
        dpop: await proof({ htu: `${api.url}/appointments` }),
      },
    });
    const description = 'This access token is DPoP-bound; present it with a DPoP proof';
    expect(await refusal(response)).toEqual({
      status: 401,
      error: 'invalid_token',
      description,
      challenge: `${DPOP_CHALLENGE}, error="invalid_token", error_description="${description}", ${metadataParam()}`,
    });
  });

  it('refuses an unbound token under the DPoP scheme, and takes it as Bearer despite a stray proof', async () => {
    const config = await discoverDemoProvider(provider.issuer);
    const pending = await buildDemoAuthorization(config);
    const callback = await completeLoginOverHttp(pending.url.href);
    const unbound = (
      await oidc.authorizationCodeGrant(config, new URL(callback), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
      })
    ).access_token;
    const stray = await proof({ htu: `${api.url}/appointments` }, { token: unbound });

    const description = 'This access token is not DPoP-bound; present it as a Bearer token';
    expect(await refusal(await getAppointments(stray, unbound))).toEqual({
      status: 401,
      error: 'invalid_token',
      description,
      challenge: `Bearer realm="demo-api", error="invalid_token", error_description="${description}", ${metadataParam()}`,
    });
    const asBearer = await fetch(`${api.url}/appointments`, {
      headers: { authorization: `Bearer ${unbound}`, dpop: stray },
    });
    expect(asBearer.status).toBe(200);
  });

  it('judges the token before the proof: an unknown token with a proof is an invalid token', async () => {
    const response = await getAppointments(await proof({ htu: `${api.url}/appointments` }), 'not.a.jwt');
    expect(await refusal(response)).toMatchObject({ status: 401, error: 'invalid_token' });
  });
});

describe('demo API: pinned token algorithms (RFC 8725 §3.1)', () => {
  it('refuses a token signed with an algorithm the API was not told to accept', async () => {
    const rsaOnly = await startDemoApi({
      port: 0,
      issuer: provider.issuer,
      tokens: { format: 'jwt', algorithms: ['RS256'] },
    });
    try {
      const response = await fetch(`${rsaOnly.url}/appointments`, {
        headers: {
          authorization: `DPoP ${accessToken}`,
          dpop: await proof({ htu: `${rsaOnly.url}/appointments` }),
        },
      });
      expect(await refusal(response)).toMatchObject({
        status: 401,
        error: 'invalid_token',
        description: 'The access token is malformed or its signature is not valid',
      });
    } finally {
      await rsaOnly.close();
    }
  });
});

describe('demo API: its own nonces (RFC 9449 §9)', () => {
  it('asks for its nonce, refuses another, and accepts the proof that carries it', async () => {
    const strict = await startDemoApi({ port: 0, issuer: provider.issuer, requireDpopNonce: true });
    try {
      const htu = `${strict.url}/appointments`;
      const first = await getAppointments(await proof({ htu }), accessToken, strict.url);
      const nonce = first.headers.get('dpop-nonce') ?? '';
      expect(nonce).toMatch(/^[\w-]{16,}$/);
      const description = 'The resource server requires its nonce in the DPoP proof';
      expect(await refusal(first)).toEqual(proofRefused(description, 'use_dpop_nonce', strict.url));

      const wrong = await getAppointments(await proof({ htu, nonce: 'stale' }), accessToken, strict.url);
      expect(await refusal(wrong)).toEqual(proofRefused(description, 'use_dpop_nonce', strict.url));

      const right = await getAppointments(await proof({ htu, nonce }), accessToken, strict.url);
      expect(right.status).toBe(200);
      expect(right.headers.get('dpop-nonce')).toBe(nonce);
    } finally {
      await strict.close();
    }
  });
});

describe('demo API: DPoP with introspected tokens (RFC 7662, RFC 9449 §6.2)', () => {
  it('checks the proof of an opaque token against the key its introspection names', async () => {
    const demo = await startDemo({ providerPort: 0, apiPort: 0, habits: { accessTokens: 'opaque' } });
    try {
      const key = await oidc.randomDPoPKeyPair();
      const token = await signInWithDpop(demo.issuer, key);
      expect(token.split('.')).toHaveLength(1);
      const htu = `${demo.apiUrl}/appointments`;
      const good = await proof({ htu }, { key, token });
      expect((await getAppointments(good, token, demo.apiUrl)).status).toBe(200);
      expect(await refusal(await getAppointments(good, token, demo.apiUrl))).toEqual(
        proofRefused('The DPoP proof was already used', undefined, demo.apiUrl),
      );
      const elsewhere = await proof({ htu: 'http://api.example.test/appointments' }, { key, token });
      expect(await refusal(await getAppointments(elsewhere, token, demo.apiUrl))).toEqual(
        proofRefused('The DPoP proof is for another URL', undefined, demo.apiUrl),
      );
      const stranger = await proof({ htu }, { key: await oidc.randomDPoPKeyPair(), token });
      expect(await refusal(await getAppointments(stranger, token, demo.apiUrl))).toEqual(
        proofRefused(
          'The DPoP proof is signed by another key than the token is bound to',
          undefined,
          demo.apiUrl,
        ),
      );
    } finally {
      await demo.close();
    }
  });
});
