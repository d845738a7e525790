import { randomUUID } from 'node:crypto';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApi, startDemoApi } from '../../demo/api.js';
import {
  DEMO_API_AUDIENCE,
  DEMO_API_SCOPE,
  DEMO_CLIENT_ID,
  DEMO_REDIRECT_URI,
} from '../../demo/demo-constants.js';
import { type AppConfig, validateConfig } from '../../electron/auth/config/config.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { apiRequestHandler, demoSession } from '../support/demo-session.js';
import { keychainAccounts } from '../../electron/auth/tokens/refresh-token-vault.js';

/**
 * The client against an authorization server nobody here wrote: `oauth2-mock-server` from npm.
 * It has its own habits: no login page (it redirects straight back with a code), RS256 keys, no
 * PAR, no RFC 9207 `iss`, a new refresh token on every refresh, and a revocation endpoint that
 * accepts anything. The test only teaches it to issue RFC 9068 access tokens for the demo API,
 * as a provider with an API registered would.
 */
let server: OAuth2Server;
let api: DemoApi;
let config: AppConfig;

beforeAll(async () => {
  server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const issuer = server.issuer.url ?? '';
  server.service.on(
    'beforeTokenSigning',
    (token: { header: Record<string, unknown>; payload: Record<string, unknown> }) => {
      if (token.payload['aud'] !== undefined) return; // the ID token already names the client
      token.header['typ'] = 'at+jwt';
      Object.assign(token.payload, {
        aud: DEMO_API_AUDIENCE,
        client_id: DEMO_CLIENT_ID,
        jti: randomUUID(),
        scope: DEMO_API_SCOPE,
      });
    },
  );
  api = await startDemoApi({ issuer, port: 0, tokens: { format: 'jwt', algorithms: ['RS256'] } });
  config = validateConfig({
    issuer,
    clientId: DEMO_CLIENT_ID,
    redirectUri: DEMO_REDIRECT_URI,
    scopes: 'openid offline_access',
    apiBaseUrl: api.url,
    keychainService: `com.example.desktop.test-${randomUUID()}`,
  });
});

afterAll(async () => {
  await api.close();
  await server.stop();
});

describe('oauth2-mock-server (a third-party authorization server from npm)', () => {
  it('signs in, calls the API, refreshes with rotation and signs out', async () => {
    const app = demoSession(config);
    await app.session.signIn();
    const authorizationUrl = app.browser.last;
    // No PAR advertised: the request travels in the URL, PKCE S256 included.
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const callbackUrl = new URL(await completeLoginOverHttp(authorizationUrl.href));
    expect(callbackUrl.searchParams.has('iss')).toBe(false);
    expect(await app.session.handleRedirect(callbackUrl.href)).toBe('completed');
    expect(app.session.view()).toMatchObject({ state: 'signed-in', user: { subject: 'johndoe' } });

    const request = apiRequestHandler(app.session, config.issuer);
    expect(await request({ method: 'GET', path: '/appointments' })).toMatchObject({
      value: { status: 200, body: { subject: 'johndoe' } },
    });

    const account = keychainAccounts(config.issuer, config.clientId).refreshToken;
    const before = await app.secrets.get(account);
    await app.session.accessToken({ forceRefresh: true });
    const after = await app.secrets.get(account);
    expect(after).toMatch(/\S{20,}/);
    expect(after).not.toBe(before); // rotated, and the new one stored
    expect(await request({ method: 'GET', path: '/appointments' })).toMatchObject({ value: { status: 200 } });

    expect((await app.session.signOut()).state).toBe('signed-out');
    expect(app.seen.some(({ url }) => url.pathname === '/revoke')).toBe(true);
    expect(await app.secrets.get(account)).toBeUndefined();
  });

  it('refuses a callback whose state it did not issue, with no token request', async () => {
    const app = demoSession(config);
    await app.session.signIn();
    const callbackUrl = new URL(await completeLoginOverHttp(app.browser.last.href));
    callbackUrl.searchParams.set('state', 'forged');
    expect(await app.session.handleRedirect(callbackUrl.href)).toBe('rejected');
    expect(app.tokenRequests()).toEqual([]);
    app.session.cancel();
  });
});
