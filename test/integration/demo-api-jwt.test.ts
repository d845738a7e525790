import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type DemoApi, startDemoApi } from '../../demo/api.js';
import { DEMO_API_AUDIENCE, DEMO_API_SCOPE } from '../../demo/demo-constants.js';

/**
 * The demo API's checks of JWT access tokens (RFC 9068 §4), against an issuer whose signing key
 * the test holds, so that it can mint the tokens no real provider would: a claim missing or of the
 * wrong type, another `typ`, a confirmation the API cannot check.
 */
let issuerServer: Server;
let issuer: string;
let signingKey: CryptoKey;
let api: DemoApi;

/** A discovery document and key set (RFC 8414 §3, RFC 7517 §5) for one ES256 key, `kid` k1. */
async function startIssuer(): Promise<void> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  signingKey = privateKey;
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] };
  issuerServer = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === '/jwks') {
      res.end(JSON.stringify(jwks));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
}

/** An RFC 9068 access token for the demo API; `claims` set to undefined leave that claim out. */
function accessToken(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    iss: issuer,
    aud: DEMO_API_AUDIENCE,
    sub: 'usr_test',
    client_id: 'test-client',
    jti: crypto.randomUUID(),
    scope: DEMO_API_SCOPE,
    iat: now,
    exp: now + 300,
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'k1', ...header })
    .sign(signingKey);
}

async function answer(
  authorization: string,
): Promise<{ status: number; challenge: string | null; body: unknown }> {
  const response = await fetch(`${api.url}/appointments`, { headers: { authorization } });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: await response.json(),
  };
}

beforeAll(async () => {
  await startIssuer();
  api = await startDemoApi({ port: 0, issuer });
});

afterAll(async () => {
  await api?.close();
  await new Promise((resolve) => issuerServer?.close(resolve));
});

describe('demo API: JWT access tokens (RFC 9068 §4)', () => {
  it('accepts a token with every required claim', async () => {
    expect(await answer(`Bearer ${await accessToken()}`)).toMatchObject({
      status: 200,
      body: { subject: 'usr_test' },
    });
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each<[string, () => Promise<string>, string]>([
    ['without sub', () => accessToken({ sub: undefined }), 'The access token claim sub is not valid'],
    ['without jti', () => accessToken({ jti: undefined }), 'The access token claim jti is not valid'],
    [
      'without client_id',
      () => accessToken({ client_id: undefined }),
      'The access token claim client_id is not valid',
    ],
    ['without iat', () => accessToken({ iat: undefined }), 'The access token claim iat is not valid'],
    ['without exp', () => accessToken({ exp: undefined }), 'The access token claim exp is not valid'],
    [
      'typed JWT, not at+jwt',
      () => accessToken({}, { typ: 'JWT' }),
      'The access token claim typ is not valid',
    ],
    [
      'not valid before a minute from now',
      () => accessToken({ nbf: now() + 60 }),
      'The access token claim nbf is not valid',
    ],
    ['expired a second ago', () => accessToken({ exp: now() - 1 }), 'The access token expired'],
    [
      'for another audience',
      () => accessToken({ aud: 'urn:example:other' }),
      'The access token is not meant for this API',
    ],
    [
      'from another issuer',
      () => accessToken({ iss: 'http://127.0.0.1:9' }),
      'The access token was not issued by the trusted issuer',
    ],
    [
      'signed by a key the issuer does not publish',
      () => accessToken({}, { kid: 'k2' }),
      'The access token is malformed or its signature is not valid',
    ],
  ])('refuses a token %s', async (_, make, description) => {
    expect(await answer(`Bearer ${await make()}`)).toEqual({
      status: 401,
      challenge: `Bearer realm="demo-api", error="invalid_token", error_description="${description}", resource_metadata="${api.url}/.well-known/oauth-protected-resource"`,
      body: { error: 'invalid_token', error_description: description },
    });
  });

  it('accepts a token typed application/at+jwt, and one with the API among several audiences', async () => {
    expect((await answer(`Bearer ${await accessToken({}, { typ: 'application/at+jwt' })}`)).status).toBe(200);
    expect(
      (await answer(`Bearer ${await accessToken({ aud: ['urn:example:other', DEMO_API_AUDIENCE] })}`)).status,
    ).toBe(200);
  });

  it.each(['Bearer', 'DPoP'])(
    'refuses under %s a token bound to a certificate, a binding it cannot check (RFC 8705 §3)',
    async (scheme) => {
      const token = await accessToken({ cnf: { 'x5t#S256': 'bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2' } });
      const description = 'The access token is bound to a key in a way this API cannot check';
      const realm =
        scheme === 'DPoP'
          ? 'DPoP realm="demo-api", algs="ES256 ES384 PS256 RS256 EdDSA"'
          : 'Bearer realm="demo-api"';
      expect(await answer(`${scheme} ${token}`)).toEqual({
        status: 401,
        challenge: `${realm}, error="invalid_token", error_description="${description}", resource_metadata="${api.url}/.well-known/oauth-protected-resource"`,
        body: { error: 'invalid_token', error_description: description },
      });
    },
  );
});

describe('demo API: JWT access tokens checked more strictly by oauth4webapi', () => {
  it('refuses a token whose sub is not a string (RFC 9068 §2.2, RFC 7519 §4.1.2)', async () => {
    const description = 'The access token claim sub is not valid';
    expect(await answer(`Bearer ${await accessToken({ sub: 7 })}`)).toMatchObject({
      status: 401,
      body: { error: 'invalid_token', error_description: description },
    });
  });
});

describe('demo API: proof algorithms (RFC 9449 §7.1 algs)', () => {
  /** A token bound to a fresh `alg` key, and a proof by that key for the API's resource. */
  async function boundWithProof(at: DemoApi, alg: string): Promise<Record<string, string>> {
    const key = await generateKeyPair(alg);
    const jwk = await exportJWK(key.publicKey);
    const token = await accessToken({ cnf: { jkt: await calculateJwkThumbprint(jwk) } });
    const ath = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
    const proof = await new SignJWT({
      htm: 'GET',
      htu: `${at.url}/appointments`,
      jti: crypto.randomUUID(),
      iat: Math.floor(Date.now() / 1000),
      ath: ath.toString('base64url'),
    })
      .setProtectedHeader({ typ: 'dpop+jwt', alg, jwk })
      .sign(key.privateKey);
    return { authorization: `DPoP ${token}`, dpop: proof };
  }

  it('takes proofs by the algorithms it advertises, and no other, whatever its tokens may use', async () => {
    // Tokens may also be ES512 here; proofs may not, since the challenge does not offer it.
    const wide = await startDemoApi({
      port: 0,
      issuer,
      tokens: { format: 'jwt', algorithms: ['ES256', 'ES512'] },
    });
    try {
      const get = async (alg: string) =>
        fetch(`${wide.url}/appointments`, { headers: await boundWithProof(wide, alg) });
      expect((await get('ES384')).status).toBe(200);
      expect((await get('EdDSA')).status).toBe(200);
      const refused = await get('ES512');
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({
        error: 'invalid_dpop_proof',
        error_description: 'The DPoP proof is malformed, stale or not validly signed',
      });
    } finally {
      await wide.close();
    }
  });
});
