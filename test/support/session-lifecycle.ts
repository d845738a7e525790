import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../demo/demo-constants.js';
import type { RunningDemo } from '../../demo/start-demo.js';
import { createKeytarSecretStore } from '../../electron/adapters/keytar-secret-store.js';
import type { AppConfig } from '../../electron/auth/config/config.js';
import type { MetadataCache } from '../../electron/auth/ports.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { discoverDemoProvider } from '../../demo/bare-client.js';
import { apiRequestHandler, demoSession } from './demo-session.js';
import { memoryMetadataCache } from './fakes.js';
import { keychainAccounts } from '../../electron/auth/tokens/refresh-token-vault.js';

/** The demo a lifecycle runs against, and the app's configuration for it. */
export interface LifecycleTarget {
  readonly demo: RunningDemo;
  readonly config: AppConfig;
}

/** The keychain entry of a configuration: service and account as the app names them. */
export function keychainEntry(config: AppConfig) {
  const store = createKeytarSecretStore(config.keychainService);
  const account = keychainAccounts(config.issuer, config.clientId).refreshToken;
  return { get: () => store.get(account), delete: () => store.delete(account) };
}

/** Sign in for real: the browser step is the demo's login and consent pages walked over HTTP. */
export async function signInOverHttp(app: ReturnType<typeof demoSession>) {
  await app.session.signIn();
  const callbackUrl = await completeLoginOverHttp(app.browser.last.href);
  return {
    outcome: await app.session.handleRedirect(callbackUrl),
    authorizationUrl: app.browser.last,
    callbackUrl,
  };
}

/**
 * The session's whole life against the real demo provider, API and keychain, registered as tests
 * that run in order: sign in with PKCE and PAR, call the API, restart and restore with one refresh,
 * share one refresh among concurrent callers, sign out with revocation. The same tests run over
 * plain http loopback and over https (the hosted-provider path), so neither drifts from the other.
 */
export function describeSessionLifecycle(title: string, target: () => LifecycleTarget): void {
  describe(title, () => {
    const metadataCache: MetadataCache = memoryMetadataCache();
    const keychain = () => keychainEntry(target().config);
    let current: ReturnType<typeof demoSession>;

    it('signs in with PKCE and stores the refresh token in the keychain', async () => {
      const { demo, config } = target();
      current = demoSession(config, { metadataCache });
      const { outcome, authorizationUrl, callbackUrl } = await signInOverHttp(current);
      expect(outcome).toBe('completed');
      expect(new URL(callbackUrl).searchParams.get('iss')).toBe(demo.issuer);
      expect(current.session.view()).toMatchObject({
        state: 'signed-in',
        issuer: demo.issuer,
        user: { subject: DEMO_USER.subject, name: DEMO_USER.name, email: DEMO_USER.email },
      });
      const view = current.session.view();
      expect(view.state === 'signed-in' && view.scopes).toContain('appointments:read');

      // The provider advertises PAR (RFC 9126), so the request went from main to the provider and
      // the browser URL names it only by reference.
      expect([...authorizationUrl.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
      const { pushed_authorization_request_endpoint: parEndpoint } = (
        await discoverDemoProvider(demo.issuer)
      ).serverMetadata();
      const pushed = current.seen.find(({ url }) => url.href === parEndpoint);
      expect(pushed?.body.get('code_challenge_method')).toBe('S256');

      // The verifier went to the token endpoint and matches the challenge that was pushed.
      const [tokenRequest] = current.tokenRequests();
      const verifier = tokenRequest?.body.get('code_verifier') ?? '';
      expect(await oidc.calculatePKCECodeChallenge(verifier)).toBe(pushed?.body.get('code_challenge'));
      expect(tokenRequest?.body.get('redirect_uri')).toBe('com.example.desktop:/callback');

      const stored = await keychain().get();
      expect(stored).toMatch(/\S{20,}/);
      expect(JSON.stringify(view)).not.toContain(stored);
    });

    it('calls the protected API with the bearer token through the IPC handler', async () => {
      const { demo } = target();
      const request = apiRequestHandler(current.session, demo.issuer);
      const result = await request({ method: 'GET', path: '/appointments' });
      expect(result).toMatchObject({
        ok: true,
        value: { status: 200, body: { subject: DEMO_USER.subject } },
      });
    });

    it('is refused by the API without a token', async () => {
      const response = await fetch(`${target().demo.apiUrl}/appointments`);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="demo-api"/);
    });

    it('restores the session after a restart with one refresh request and stores the rotated token', async () => {
      const before = await keychain().get();
      const restarted = demoSession(target().config, { metadataCache });
      expect((await restarted.session.restore()).state).toBe('signed-in');
      expect(restarted.seen.map(({ url }) => url.pathname)).toEqual(['/token']);
      expect(restarted.tokenRequests()[0]?.body.get('grant_type')).toBe('refresh_token');
      const after = await keychain().get();
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      current = restarted;
    });

    it('shares one refresh among concurrent callers and keeps the latest token in the keychain', async () => {
      const { session, tokenRequests } = current;
      const tokens = await Promise.all(
        Array.from({ length: 5 }, () => session.accessToken({ forceRefresh: true })),
      );
      expect(new Set(tokens).size).toBe(1);
      expect(tokenRequests().filter(({ body }) => body.get('grant_type') === 'refresh_token')).toHaveLength(
        2,
      );
      const restarted = demoSession(target().config, { metadataCache });
      expect((await restarted.session.restore()).state).toBe('signed-in');
      current = restarted;
    });

    it('signs out: revokes the refresh token and deletes the keychain entry', async () => {
      const stored = await keychain().get();
      const { session, seen } = current;
      expect((await session.signOut()).state).toBe('signed-out');
      expect(seen.some(({ url }) => url.pathname.endsWith('/token/revocation'))).toBe(true);
      expect(await keychain().get()).toBeUndefined();
      const configuration = await discoverDemoProvider(target().demo.issuer);
      await expect(oidc.refreshTokenGrant(configuration, stored ?? '')).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      await expect(session.accessToken()).rejects.toMatchObject({ code: 'not_signed_in' });
    });
  });
}
