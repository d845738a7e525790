import { SignJWT, generateKeyPair } from 'jose';
import { allowInsecureRequests } from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startDemoApi } from '../../demo/api.js';
import type { DemoApi } from '../../demo/api.js';
import { providerRequestOptions } from '../../demo/api-issuer-metadata.js';
import { DEMO_API_AUDIENCE, DEMO_CLIENT_ID, DEMO_USER } from '../../demo/demo-constants.js';
import { startDemoProvider } from '../../demo/provider.js';
import type { DemoProvider } from '../../demo/provider.js';
import { discoverDemoProvider, signInToDemo } from '../../demo/bare-client.js';

const SHORT_TTL_SECONDS = 1;

let provider: DemoProvider;
let api: DemoApi;
let otherAudienceApi: DemoApi;
let accessToken: string;
let tokenWithoutApiScope: string;

beforeAll(async () => {
  provider = await startDemoProvider({ port: 0 });
  api = await startDemoApi({ port: 0, issuer: provider.issuer });
  otherAudienceApi = await startDemoApi({
    port: 0,
    issuer: provider.issuer,
    audience: 'urn:example:other-api',
  });
  const config = await discoverDemoProvider(provider.issuer);
  accessToken = (await signInToDemo(config)).access_token;
  // Resource requested explicitly, but not the API's scope: a valid token that lacks the scope.
  tokenWithoutApiScope = (await signInToDemo(config, { scope: 'openid', resource: DEMO_API_AUDIENCE }))
    .access_token;
});

afterAll(async () => {
  await Promise.all([api?.close(), otherAudienceApi?.close()]);
  await provider?.close();
});

function getAppointments(base: string, authorization?: string): Promise<Response> {
  return fetch(`${base}/appointments`, authorization ? { headers: { authorization } } : {});
}

async function expectError(response: Response, status: number, error: string): Promise<string> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: string; error_description: string };
  expect(body.error).toBe(error);
  expect(body.error_description).toEqual(expect.any(String));
  return response.headers.get('www-authenticate') ?? '';
}

describe('demo API', () => {
  it('answers /health without a token', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('returns the same appointments for the token subject every time', async () => {
    const first = await getAppointments(api.url, `Bearer ${accessToken}`);
    expect(first.status).toBe(200);
    const body = (await first.json()) as { subject: string; appointments: { id: string }[] };
    expect(body.subject).toBe(DEMO_USER.subject);
    expect(body.appointments).toHaveLength(3);
    const second = await getAppointments(api.url, `Bearer ${accessToken}`);
    expect(await second.json()).toEqual(body);
  });

  it('challenges a request without credentials with 401, both schemes and no error code (RFC 6750 §3.1, RFC 9449 §7.1)', async () => {
    const response = await getAppointments(api.url);
    expect(response.status).toBe(401);
    const metadata = `resource_metadata="${api.url}/.well-known/oauth-protected-resource"`;
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="demo-api", ${metadata}, DPoP realm="demo-api", algs="ES256 ES384 PS256 RS256 EdDSA", ${metadata}`,
    );
  });

  it('rejects a malformed Authorization header with invalid_request', async () => {
    const challenge = await expectError(await getAppointments(api.url, 'Bearer a b'), 400, 'invalid_request');
    expect(challenge).toMatch(/^Bearer realm="demo-api", error="invalid_request"/);
  });

  it('rejects a garbage token with invalid_token', async () => {
    const challenge = await expectError(
      await getAppointments(api.url, 'Bearer not.a.jwt'),
      401,
      'invalid_token',
    );
    expect(challenge).toMatch(
      /^Bearer realm="demo-api", error="invalid_token", error_description="[^"]+", resource_metadata="[^"]+"$/,
    );
  });

  it('rejects a well-formed token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ scope: 'appointments:read', client_id: DEMO_CLIENT_ID })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'attacker' })
      .setIssuer(provider.issuer)
      .setAudience(DEMO_API_AUDIENCE)
      .setSubject(DEMO_USER.subject)
      .setJti('forged')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    await expectError(await getAppointments(api.url, `Bearer ${forged}`), 401, 'invalid_token');
  });

  it('rejects a token meant for another audience', async () => {
    const response = await getAppointments(otherAudienceApi.url, `Bearer ${accessToken}`);
    const challenge = await expectError(response, 401, 'invalid_token');
    expect(challenge).toContain('not meant for this API');
  });

  it('answers 403 insufficient_scope when the token lacks appointments:read', async () => {
    const challenge = await expectError(
      await getAppointments(api.url, `Bearer ${tokenWithoutApiScope}`),
      403,
      'insufficient_scope',
    );
    expect(challenge).toContain('scope="appointments:read"');
  });

  it('answers 404 JSON for unknown paths and 405 for other methods', async () => {
    await expectError(await fetch(`${api.url}/nope`), 404, 'not_found');
    const post = await fetch(`${api.url}/appointments`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('lets its token library use plain http only towards a plain http provider, never https', () => {
    expect(allowInsecureRequests in providerRequestOptions('http://127.0.0.1:4010')).toBe(true);
    expect(allowInsecureRequests in providerRequestOptions('https://127.0.0.1:4010')).toBe(false);
    expect(allowInsecureRequests in providerRequestOptions('https://login.example.com/jwks')).toBe(false);
  });

  it('answers 503 without a challenge while the provider is unreachable, and recovers when it is up', async () => {
    const later = await startDemoProvider({ port: 0 });
    const { port } = new URL(later.issuer);
    await later.close();
    const early = await startDemoApi({ port: 0, issuer: later.issuer });
    try {
      const down = await getAppointments(early.url, `Bearer ${accessToken}`);
      expect(down.status).toBe(503);
      expect(down.headers.get('www-authenticate')).toBeNull();
      expect(await down.json()).toEqual({
        error: 'temporarily_unavailable',
        error_description: 'Cannot verify tokens right now',
      });

      const restarted = await startDemoProvider({ port: Number(port) });
      try {
        const token = (await signInToDemo(await discoverDemoProvider(restarted.issuer))).access_token;
        expect((await getAppointments(early.url, `Bearer ${token}`)).status).toBe(200);
      } finally {
        await restarted.close();
      }
    } finally {
      await early.close();
    }
  });

  it('rejects a token from another issuer, and an expired token at its own API', async () => {
    const shortLived = await startDemoProvider({ port: 0, accessTokenTtlSeconds: SHORT_TTL_SECONDS });
    const shortLivedApi = await startDemoApi({ port: 0, issuer: shortLived.issuer });
    try {
      const token = (await signInToDemo(await discoverDemoProvider(shortLived.issuer))).access_token;
      const stranger = await expectError(
        await getAppointments(api.url, `Bearer ${token}`),
        401,
        'invalid_token',
      );
      expect(stranger).toContain('not issued by the trusted issuer');

      await new Promise((resolve) => setTimeout(resolve, (SHORT_TTL_SECONDS + 1) * 1000 + 100));
      const response = await getAppointments(shortLivedApi.url, `Bearer ${token}`);
      expect(await expectError(response, 401, 'invalid_token')).toContain('expired');
    } finally {
      await shortLivedApi.close();
      await shortLived.close();
    }
  });
});
