import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../electron/auth/config/config.js';
import { keychainAccounts } from '../../../electron/auth/tokens/refresh-token-vault.js';
import {
  OFFLINE_ISSUER,
  offlineConfig,
  offlineSession,
  type RecordedRequest,
} from '../../support/offline-provider.js';

async function setup(
  options: {
    config?: AppConfig;
    answer?: (request: RecordedRequest) => Response | Promise<Response>;
    loopback?: boolean;
  } = {},
) {
  const base = options.config ?? offlineConfig();
  const config: AppConfig = options.loopback ? { ...base, redirect: 'loopback' } : base;
  const app = await offlineSession(config, options.answer ? { answer: options.answer } : {});
  const views: string[] = [];
  app.session.subscribe((view) => views.push(view.state));
  return { config, ...app, views, account: keychainAccounts(config.issuer, config.clientId).refreshToken };
}

function callback(browserUrl: URL, params: Record<string, string>): string {
  const redirect = browserUrl.searchParams.get('redirect_uri');
  return `${redirect}?${new URLSearchParams(params).toString()}`;
}

describe('Session', () => {
  it('starts sign-in in the system browser with PKCE S256, state and nonce', async () => {
    const { session, browser, views } = await setup();
    const view = await session.signIn();
    const url = browser.last;
    expect(view.state).toBe('awaiting-browser');
    expect(views).toEqual(['awaiting-browser']);
    expect(url.origin + url.pathname).toBe('https://idp.example.test/authorize');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{32,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{32,}$/);
    expect(url.searchParams.get('redirect_uri')).toBe('com.example.desktop:/callback');
    expect(url.searchParams.has('code_verifier')).toBe(false);
  });

  it('uses fresh PKCE, state and nonce values for every attempt', async () => {
    const { session, browser } = await setup();
    await session.signIn();
    session.cancel();
    await session.signIn();
    const [first, second] = browser.opened;
    for (const name of ['state', 'nonce', 'code_challenge']) {
      expect(first?.searchParams.get(name)).not.toBe(second?.searchParams.get(name));
    }
  });

  it('rejects a callback with a wrong state without any token request and keeps waiting', async () => {
    const { session, browser, requests } = await setup();
    await session.signIn();
    const outcome = await session.handleRedirect(callback(browser.last, { code: 'stolen', state: 'forged' }));
    expect(outcome).toBe('rejected');
    expect(requests).toEqual([]);
    expect(session.view()).toMatchObject({ state: 'awaiting-browser', error: { code: 'state_mismatch' } });
  });

  it('turns a provider error response into a specific signed-out error', async () => {
    const { session, browser } = await setup();
    await session.signIn();
    const state = browser.last.searchParams.get('state') ?? '';
    await session.handleRedirect(
      callback(browser.last, { error: 'access_denied', state, iss: OFFLINE_ISSUER }),
    );
    expect(session.view()).toMatchObject({ state: 'signed-out', error: { code: 'access_denied' } });
  });

  it.each([
    ['without iss although the provider sends it', {}],
    ['naming another issuer', { iss: 'https://evil.example' }],
  ])('does not present an error response %s as the provider’s (RFC 9207)', async (_name, extra) => {
    const { session, browser } = await setup();
    await session.signIn();
    const state = browser.last.searchParams.get('state') ?? '';
    await session.handleRedirect(callback(browser.last, { error: 'access_denied', state, ...extra }));
    expect(session.view()).toMatchObject({ state: 'signed-out', error: { code: 'callback_invalid' } });
  });

  it('refuses a callback for a loopback attempt that arrives on the scheme', async () => {
    const { session, browser, requests } = await setup({ loopback: true });
    await session.signIn();
    const state = browser.last.searchParams.get('state') ?? '';
    const onScheme = `com.example.desktop:/callback?code=c&state=${state}&iss=${encodeURIComponent(OFFLINE_ISSUER)}`;
    expect(await session.handleRedirect(onScheme)).toBe('rejected');
    expect(session.view()).toMatchObject({ state: 'awaiting-browser', error: { code: 'callback_invalid' } });
    expect(requests).toEqual([]);
    session.cancel(); // closes the loopback listener
  });

  it('uses each pending authorization once', async () => {
    const { session, browser } = await setup();
    await session.signIn();
    const url = callback(browser.last, {
      error: 'login_required',
      state: browser.last.searchParams.get('state') ?? '',
    });
    expect(await session.handleRedirect(url)).toBe('failed');
    expect(await session.handleRedirect(url)).toBe('rejected');
    expect(session.view()).toMatchObject({ state: 'signed-out', error: { code: 'callback_stale' } });
  });

  it('ignores URLs that are not callbacks', async () => {
    const { session, views } = await setup();
    expect(await session.handleRedirect('com.example.desktop:/settings?x=1')).toBe('ignored');
    expect(await session.handleRedirect('--allow-file-access-from-files')).toBe('ignored');
    expect(views).toEqual([]);
  });

  it('refuses a redirect for a cancelled attempt', async () => {
    const { session, browser, requests } = await setup();
    await session.signIn();
    const state = browser.last.searchParams.get('state') ?? '';
    expect(session.cancel().state).toBe('signed-out');
    expect(await session.handleRedirect(callback(browser.last, { code: 'c', state }))).toBe('rejected');
    expect(requests).toEqual([]);
  });

  it('gives up waiting when the attempt expires', async () => {
    const { session, clock } = await setup({ config: offlineConfig({ authorizationTimeoutSeconds: 60 }) });
    await session.signIn();
    clock.advance(59_000);
    expect(session.view().state).toBe('awaiting-browser');
    clock.advance(1_000);
    expect(session.view()).toMatchObject({ state: 'signed-out', error: { code: 'authorization_expired' } });
  });

  it('starts a fresh attempt after a timeout and refuses the timed-out redirect as stale', async () => {
    const { session, clock, browser } = await setup({
      config: offlineConfig({ authorizationTimeoutSeconds: 60 }),
    });
    await session.signIn();
    const expired = browser.last;
    clock.advance(60_000);
    expect((await session.signIn()).state).toBe('awaiting-browser');
    const state = expired.searchParams.get('state') ?? '';
    expect(await session.handleRedirect(callback(expired, { code: 'c', state }))).toBe('rejected');
    expect(session.view()).toMatchObject({ state: 'awaiting-browser', error: { code: 'callback_stale' } });
  });

  it('reports a browser that cannot be opened and forgets the attempt', async () => {
    const { session, browser } = await setup();
    browser.failWith = new Error('no browser');
    const view = await session.signIn();
    expect(view).toMatchObject({ state: 'signed-out', error: { code: 'browser_launch_failed' } });
    browser.failWith = undefined;
    expect((await session.signIn()).state).toBe('awaiting-browser');
  });

  it('opens the same authorization request again without starting a new attempt', async () => {
    const { session, browser } = await setup();
    await session.signIn();
    expect((await session.reopenBrowser()).state).toBe('awaiting-browser');
    expect(browser.opened).toHaveLength(2);
    expect(browser.opened[1]?.href).toBe(browser.opened[0]?.href);
    session.cancel();
    await expect(session.reopenBrowser()).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('lets a new sign-in supersede a waiting one and refuses the old redirect as stale', async () => {
    const { session, browser, requests } = await setup();
    await session.signIn();
    const first = browser.last;
    expect((await session.signIn()).state).toBe('awaiting-browser');
    const state = first.searchParams.get('state') ?? '';
    expect(await session.handleRedirect(callback(first, { code: 'c', state }))).toBe('rejected');
    expect(session.view()).toMatchObject({ state: 'awaiting-browser', error: { code: 'callback_stale' } });
    expect(requests).toEqual([]);
  });

  it('refuses to start a sign-in while signed in or finishing one', async () => {
    const { session, browser } = await setup({ answer: () => new Promise<Response>(() => {}) });
    await session.signIn();
    const state = browser.last.searchParams.get('state') ?? '';
    void session.handleRedirect(
      callback(browser.last, { code: 'c', state, iss: 'https://idp.example.test' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(session.view().state).toBe('exchanging');
    await expect(session.signIn()).rejects.toMatchObject({ code: 'sign_in_in_progress' });
  });

  it('reports a token endpoint failure and stores nothing', async () => {
    const { session, browser, secrets, account } = await setup({
      answer: () => Response.json({ error: 'invalid_client' }, { status: 401 }),
    });
    await session.signIn();
    const state = browser.last.searchParams.get('state') ?? '';
    expect(
      await session.handleRedirect(
        callback(browser.last, { code: 'c', state, iss: 'https://idp.example.test' }),
      ),
    ).toBe('failed');
    expect(session.view()).toMatchObject({ state: 'signed-out', error: { code: 'token_request_failed' } });
    expect(secrets.entries.has(account)).toBe(false);
  });

  it('starts signed out without touching the network when the keychain is empty', async () => {
    const { session, requests } = await setup();
    expect((await session.restore()).state).toBe('signed-out');
    expect(requests).toEqual([]);
  });

  it('says so when the keychain is locked at start', async () => {
    const { session, secrets } = await setup();
    secrets.failWith = new Error('Cannot create an item in a locked collection');
    expect(await session.restore()).toMatchObject({
      state: 'signed-out',
      error: { code: 'keychain_unavailable' },
    });
  });

  it('ends the session and clears the keychain when the refresh token is rejected', async () => {
    const { session, secrets, account } = await setup({
      answer: () => Response.json({ error: 'invalid_grant' }, { status: 400 }),
    });
    secrets.entries.set(account, 'revoked-refresh-token');
    expect(await session.restore()).toMatchObject({
      state: 'signed-out',
      error: { code: 'session_expired' },
    });
    expect(secrets.entries.has(account)).toBe(false);
  });

  it('keeps the stored refresh token when the provider is unreachable at start', async () => {
    const { session, secrets, account } = await setup({
      answer: () => {
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
      },
    });
    secrets.entries.set(account, 'still-good');
    expect(await session.restore()).toMatchObject({
      state: 'signed-out',
      error: { code: 'provider_unreachable' },
    });
    expect(secrets.entries.get(account)).toBe('still-good');
  });
});
