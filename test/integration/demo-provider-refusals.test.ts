import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startDemoProvider } from '../../demo/provider.js';
import type { DemoProvider } from '../../demo/provider.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { buildDemoAuthorization, discoverDemoProvider, redeemDemoCallback } from '../../demo/bare-client.js';

let provider: DemoProvider;
let config: oidc.Configuration;

beforeAll(async () => {
  provider = await startDemoProvider({ port: 0 });
  config = await discoverDemoProvider(provider.issuer);
});

afterAll(async () => {
  await provider?.close();
});

async function redirectOf(url: URL): Promise<URL> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(303);
  return new URL(response.headers.get('location') ?? '', url);
}

describe('demo provider refusals', () => {
  it('refuses an authorization request without PKCE (RFC 7636 §4.4.1)', async () => {
    const pending = await buildDemoAuthorization(config);
    pending.url.searchParams.delete('code_challenge');
    pending.url.searchParams.delete('code_challenge_method');
    const location = await redirectOf(pending.url);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('refuses the plain code challenge method', async () => {
    const pending = await buildDemoAuthorization(config, { code_challenge_method: 'plain' });
    const location = await redirectOf(pending.url);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a wrong code_verifier with invalid_grant', async () => {
    const pending = await buildDemoAuthorization(config);
    const callback = await completeLoginOverHttp(pending.url.href);
    const wrong = { ...pending, codeVerifier: oidc.randomPKCECodeVerifier() };
    const error = await redeemDemoCallback(config, wrong, callback).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(oidc.ResponseBodyError);
    expect((error as oidc.ResponseBodyError).error).toBe('invalid_grant');
  });

  it('ends with access_denied when the user denies consent', async () => {
    const pending = await buildDemoAuthorization(config);
    const callback = new URL(await completeLoginOverHttp(pending.url.href, { consent: 'deny' }));
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
    expect(callback.searchParams.get('state')).toBe(pending.state);
    expect(callback.searchParams.get('iss')).toBe(provider.issuer);
  });

  it('shows an error and does not redirect on a wrong password', async () => {
    const pending = await buildDemoAuthorization(config);
    await expect(completeLoginOverHttp(pending.url.href, { password: 'not-it' })).rejects.toThrow(
      /Wrong username or password/,
    );
  });

  it('shows an error page instead of redirecting to an unregistered redirect URI', async () => {
    const pending = await buildDemoAuthorization(config, { redirect_uri: 'http://127.0.0.1:5000/elsewhere' });
    const response = await fetch(pending.url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.text()).toContain('redirect_uri');
  });

  it('answers an unknown interaction with an explanation, not a stack trace', async () => {
    const response = await fetch(`${provider.issuer}/interaction/unknown-uid`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Start again from the app');
  });
});

describe('demo login page', () => {
  it('is self-contained under a strict CSP, with labelled fields', async () => {
    const pending = await buildDemoAuthorization(config);
    const authorization = await fetch(pending.url, { redirect: 'manual' });
    const loginUrl = new URL(authorization.headers.get('location') ?? '', pending.url);
    const cookie = authorization.headers
      .getSetCookie()
      .map((header) => header.split(';')[0])
      .join('; ');
    const response = await fetch(loginUrl, { headers: { cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    expect(html).toContain('<label for="username">');
    expect(html).toContain('<label for="password">');
  });
});
