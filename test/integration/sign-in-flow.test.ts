import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../demo/demo-constants.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import type { AppConfig } from '../../electron/auth/config/config.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { discoverDemoProvider } from '../../demo/bare-client.js';
import { demoConfig, demoSession, networkFetch } from '../support/demo-session.js';
import {
  describeSessionLifecycle,
  keychainEntry,
  signInOverHttp as signIn,
} from '../support/session-lifecycle.js';

let demo: RunningDemo;
let config: AppConfig;

beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  config = demoConfig(demo);
});

afterAll(async () => {
  await keychainEntry(config).delete();
  await demo.close();
});

const keychain = () => keychainEntry(config);

describeSessionLifecycle('sign-in against the real demo provider, API and keychain', () => ({
  demo,
  config,
}));

describe('refusals against the real demo provider', () => {
  it('sends no token request for a callback with a wrong state', async () => {
    const app = demoSession(config);
    await app.session.signIn();
    const callbackUrl = new URL(await completeLoginOverHttp(app.browser.last.href));
    callbackUrl.searchParams.set('state', 'forged-state');
    expect(await app.session.handleRedirect(callbackUrl.href)).toBe('rejected');
    expect(app.tokenRequests()).toEqual([]);
    expect(app.session.view()).toMatchObject({
      state: 'awaiting-browser',
      error: { code: 'state_mismatch' },
    });
  });

  it('sends PKCE in the browser URL when PAR is turned off, and the provider refuses it without', async () => {
    const app = demoSession({ ...config, pushedAuthorizationRequests: 'never' });
    await app.session.signIn();
    expect(app.browser.last.searchParams.get('code_challenge_method')).toBe('S256');
    const withoutPkce = new URL(app.browser.last);
    withoutPkce.searchParams.delete('code_challenge');
    withoutPkce.searchParams.delete('code_challenge_method');
    const callbackUrl = new URL(await completeLoginOverHttp(withoutPkce.href));
    expect(callbackUrl.searchParams.get('error')).toBe('invalid_request');
    expect(callbackUrl.searchParams.get('code')).toBeNull();
  });

  it('reports a pushed request the provider refuses, and opens no browser', async () => {
    const app = demoSession(config, {
      fetch: (url, init) => {
        if (!url.endsWith('/request') || !(init.body instanceof URLSearchParams))
          return networkFetch(url, init);
        const body = new URLSearchParams(init.body);
        body.delete('code_challenge');
        body.delete('code_challenge_method');
        return networkFetch(url, { ...init, body });
      },
    });
    expect(await app.session.signIn()).toMatchObject({
      state: 'signed-out',
      error: { code: 'provider_error' },
    });
    const view = app.session.view();
    expect(view.state === 'signed-out' && view.error?.message).toContain('invalid_request');
    expect(app.browser.opened).toEqual([]);
  });

  it('pushes the same attempt again for "Open the browser again": new request_uri, same state', async () => {
    const app = demoSession(config);
    await app.session.signIn();
    const first = app.browser.last;
    await app.session.reopenBrowser();
    const second = app.browser.last;
    expect(second.searchParams.get('request_uri')).not.toBe(first.searchParams.get('request_uri'));
    const pushes = app.seen.filter(({ url }) => url.pathname === '/request');
    expect(pushes).toHaveLength(2);
    expect(pushes[1]?.body.get('state')).toBe(pushes[0]?.body.get('state'));
    expect(pushes[1]?.body.get('code_challenge')).toBe(pushes[0]?.body.get('code_challenge'));
    expect(await app.session.handleRedirect(await completeLoginOverHttp(second.href))).toBe('completed');
    await app.session.signOut();
  });

  it('has the provider refuse a code exchanged with the wrong verifier', async () => {
    const app = demoSession(config, {
      fetch: (url, init) => {
        if (!url.endsWith('/token') || !(init.body instanceof URLSearchParams))
          return networkFetch(url, init);
        const body = new URLSearchParams(init.body);
        body.set('code_verifier', oidc.randomPKCECodeVerifier());
        return networkFetch(url, { ...init, body });
      },
    });
    await app.session.signIn();
    expect(await app.session.handleRedirect(await completeLoginOverHttp(app.browser.last.href))).toBe(
      'failed',
    );
    expect(app.session.view()).toMatchObject({
      state: 'signed-out',
      error: { code: 'token_request_failed' },
    });
    const view = app.session.view();
    expect(view.state === 'signed-out' && view.error?.message).toContain('invalid_grant');
  });

  it('reports access_denied when the user denies consent', async () => {
    const app = demoSession(config);
    await app.session.signIn();
    await app.session.handleRedirect(await completeLoginOverHttp(app.browser.last.href, { consent: 'deny' }));
    expect(app.session.view()).toMatchObject({ state: 'signed-out', error: { code: 'access_denied' } });
  });

  it('reports a provider that cannot be reached', async () => {
    const app = demoSession(demoConfig(demo, { issuer: 'http://127.0.0.1:9' }));
    expect(await app.session.signIn()).toMatchObject({
      state: 'signed-out',
      error: { code: 'provider_unreachable' },
    });
  });

  it('ends the session and clears the keychain when the refresh token was revoked elsewhere, then signs the same user in again', async () => {
    const app = demoSession(config);
    await signIn(app);
    const stored = (await keychain().get()) ?? '';
    const configuration = await discoverDemoProvider(demo.issuer);
    await oidc.tokenRevocation(configuration, stored);
    await expect(app.session.accessToken({ forceRefresh: true })).rejects.toMatchObject({
      code: 'session_expired',
    });
    expect(app.session.view()).toMatchObject({
      state: 'signed-out',
      error: { code: 'session_expired' },
      previousUser: { subject: DEMO_USER.subject, email: DEMO_USER.email },
    });
    expect(await keychain().get()).toBeUndefined();

    // "Sign in again as alice@example.com": the provider is told who is expected (OIDC Core §3.1.2.1).
    expect(await app.session.signInAgain()).toMatchObject({ state: 'awaiting-browser' });
    const pushed = app.seen.filter(({ url }) => url.pathname === '/request').at(-1);
    expect(pushed?.body.get('login_hint')).toBe(DEMO_USER.email);
    const pages: string[] = [];
    const callbackUrl = await completeLoginOverHttp(app.browser.last.href, {
      onPage: (html) => pages.push(html),
    });
    expect(pages[0]).toMatch(/id="username"[^>]*value="alice"/); // the demo pre-fills the hinted user
    expect(await app.session.handleRedirect(callbackUrl)).toBe('completed');
    await app.session.signOut();
  });
});
