import { decodeJwt, decodeProtectedHeader } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DEMO_API_AUDIENCE,
  DEMO_API_SCOPE,
  DEMO_LOOPBACK_REDIRECT_URI,
  DEMO_REDIRECT_URI,
  DEMO_USER,
} from '../../demo/demo-constants.js';
import { startDemo } from '../../demo/start-demo.js';
import type { RunningDemo } from '../../demo/start-demo.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import {
  buildDemoAuthorization,
  discoverDemoProvider,
  redeemDemoCallback,
  signInToDemo,
} from '../../demo/bare-client.js';

let demo: RunningDemo;
let config: oidc.Configuration;

beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  config = await discoverDemoProvider(demo.issuer);
});

afterAll(async () => {
  await demo?.close();
});

function oauthError(error: unknown): string | undefined {
  return error instanceof oidc.ResponseBodyError ? error.error : undefined;
}

describe('demo provider discovery', () => {
  it('advertises S256 only, RFC 9207 iss, revocation, end_session and no implicit flow', () => {
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(demo.issuer);
    expect(demo.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.revocation_endpoint).toBe(`${demo.issuer}/token/revocation`);
    expect(metadata.end_session_endpoint).toBe(`${demo.issuer}/session/end`);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['offline_access', DEMO_API_SCOPE]));
  });
});

describe('authorization code flow with PKCE', () => {
  it('issues an ID token with profile claims, a JWT access token for the API and a refresh token', async () => {
    const tokens = await signInToDemo(config);
    expect(tokens.claims()).toMatchObject({
      iss: demo.issuer,
      sub: DEMO_USER.subject,
      name: DEMO_USER.name,
      email: DEMO_USER.email,
      email_verified: true,
    });
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ typ: 'at+jwt', alg: 'ES256' });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ aud: DEMO_API_AUDIENCE, scope: DEMO_API_SCOPE });
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const response = await fetch(`${demo.apiUrl}/appointments`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { subject: string; appointments: unknown[] };
    expect(body.subject).toBe(DEMO_USER.subject);
    expect(body.appointments.length).toBeGreaterThan(0);
  });

  it('returns code, state and iss on the private-use redirect URI', async () => {
    const pending = await buildDemoAuthorization(config);
    const callback = new URL(await completeLoginOverHttp(pending.url.href));
    expect(`${callback.protocol}${callback.pathname}`).toBe(DEMO_REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(pending.state);
    expect(callback.searchParams.get('iss')).toBe(demo.issuer);
    expect(callback.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('accepts an explicit resource indicator for the API (RFC 8707)', async () => {
    const tokens = await signInToDemo(config, { resource: DEMO_API_AUDIENCE });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ aud: DEMO_API_AUDIENCE, scope: DEMO_API_SCOPE });
  });

  it('accepts a loopback redirect URI on any port (RFC 8252 §7.3)', async () => {
    const redirectUri = DEMO_LOOPBACK_REDIRECT_URI.replace('127.0.0.1', '127.0.0.1:49152');
    const pending = await buildDemoAuthorization(config, { redirect_uri: redirectUri });
    const callback = await completeLoginOverHttp(pending.url.href);
    expect(callback.startsWith(`${redirectUri}?`)).toBe(true);
    const tokens = await redeemDemoCallback(config, pending, callback);
    expect(tokens.access_token).toEqual(expect.any(String));
  });

  it('issues no refresh token for offline_access without prompt=consent (OpenID Connect Core §11)', async () => {
    const pending = await buildDemoAuthorization(config);
    pending.url.searchParams.delete('prompt');
    const tokens = await redeemDemoCallback(config, pending, await completeLoginOverHttp(pending.url.href));
    expect(tokens.refresh_token).toBeUndefined();
  });
});

describe('refresh tokens', () => {
  it('rotates the refresh token and rejects the old one afterwards (RFC 9700 §4.14.2)', async () => {
    const first = await signInToDemo(config);
    const oldRefreshToken = first.refresh_token ?? '';
    const second = await oidc.refreshTokenGrant(config, oldRefreshToken);
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(oldRefreshToken);
    expect(decodeJwt(second.access_token)).toMatchObject({ aud: DEMO_API_AUDIENCE, scope: DEMO_API_SCOPE });

    const reuse = await oidc.refreshTokenGrant(config, oldRefreshToken).catch((e: unknown) => e);
    expect(oauthError(reuse)).toBe('invalid_grant');
  });

  it('rejects a refresh token after revocation (RFC 7009)', async () => {
    const tokens = await signInToDemo(config);
    const refreshToken = tokens.refresh_token ?? '';
    await oidc.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
    const after = await oidc.refreshTokenGrant(config, refreshToken).catch((e: unknown) => e);
    expect(oauthError(after)).toBe('invalid_grant');
  });
});
