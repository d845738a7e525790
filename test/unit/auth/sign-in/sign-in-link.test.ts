import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../../electron/auth/config/config.js';
import { type SignInLink, toSignInLink } from '../../../../electron/auth/sign-in/sign-in-link.js';
import { keychainAccounts } from '../../../../electron/auth/tokens/refresh-token-vault.js';
import type { PendingAuthorization } from '../../../../electron/auth/sign-in/pending-authorizations.js';
import { ManualClock } from '../../../support/fakes.js';
import {
  OFFLINE_ISSUER,
  OFFLINE_METADATA,
  offlineConfig,
  offlineSession,
  type RecordedRequest,
} from '../../../support/offline-provider.js';

const PAR_ENDPOINT = `${OFFLINE_ISSUER}/par`;
const SECRET = 'a-client-secret-that-must-stay-in-main';

/** A session against the offline provider; with `par`, it offers PAR and hands out a new request_uri per push. */
async function setup(options: { par?: boolean; config?: AppConfig; clock?: ManualClock } = {}) {
  const pushes: URLSearchParams[] = [];
  const answer = (request: RecordedRequest) => {
    if (request.url !== PAR_ENDPOINT) throw new Error(`unexpected HTTP request to ${request.url}`);
    pushes.push(new URLSearchParams(request.body));
    const requestUri = `urn:ietf:params:oauth:request_uri:pushed-${pushes.length}`;
    return Response.json({ request_uri: requestUri, expires_in: 60 }, { status: 201 });
  };
  const metadata = options.par
    ? { ...OFFLINE_METADATA, pushed_authorization_request_endpoint: PAR_ENDPOINT }
    : OFFLINE_METADATA;
  const app = await offlineSession(options.config ?? offlineConfig(), {
    answer,
    metadata,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { ...app, pushes };
}

/** Nothing in the link that only main may hold (RFC 7636 §4.1, RFC 8252 §8.5). */
function expectNoSecretsIn(url: URL, verifierHolder: { pushes: URLSearchParams[] }): void {
  expect(url.searchParams.has('code_verifier')).toBe(false);
  expect(url.searchParams.has('client_secret')).toBe(false);
  expect(url.href).not.toContain(SECRET);
  for (const push of verifierHolder.pushes) expect(push.has('code_verifier')).toBe(false);
}

describe('Session.signInLink (Copy sign-in link)', () => {
  it('pushes the request again for every copy: a new request_uri each time, the same attempt, no browser', async () => {
    const config = offlineConfig({ clientAuthentication: 'client_secret_post', clientSecret: SECRET });
    const app = await setup({ par: true, config });
    const waiting = await app.session.signIn();
    const first = await app.session.signInLink();
    const second = await app.session.signInLink();

    expect(app.browser.opened).toHaveLength(1); // only the sign-in itself opened the browser
    const requestUris = [app.browser.last, first.url, second.url].map((url) =>
      url.searchParams.get('request_uri'),
    );
    expect(new Set(requestUris).size).toBe(3);
    expect(app.pushes).toHaveLength(3);
    for (const push of app.pushes) {
      expect(push.get('state')).toBe(app.pushes[0]?.get('state'));
      expect(push.get('code_challenge')).toBe(app.pushes[0]?.get('code_challenge'));
      expect(push.get('client_secret')).toBe(SECRET); // the secret goes to the provider, not into the link
    }
    for (const link of [first, second]) {
      expect(link.url.origin + link.url.pathname).toBe(OFFLINE_METADATA.authorization_endpoint);
      expect([...link.url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
      expect(link).toMatchObject({ pushed: true, expiresAt: 'expiresAt' in waiting && waiting.expiresAt });
      expectNoSecretsIn(link.url, app);
    }
    expect(app.session.view().state).toBe('awaiting-browser');
  });

  it('copies the very request the browser got when nothing is pushed, with PKCE and state but no verifier', async () => {
    const app = await setup();
    await app.session.signIn();
    const link = await app.session.signInLink();
    expect(link.url.href).toBe(app.browser.last.href);
    expect(link.pushed).toBe(false);
    expect(link.url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(link.url.searchParams.get('state')).toBe(app.browser.last.searchParams.get('state'));
    expectNoSecretsIn(link.url, app);
    expect(app.requests).toEqual([]);
  });

  it('says clearly that no sign-in waits: before one starts, after cancel, after it expired', async () => {
    const noAttempt = {
      code: 'invalid_request',
      message: expect.stringMatching(/No sign-in is waiting/) as string,
    };
    const app = await setup({ config: offlineConfig({ authorizationTimeoutSeconds: 60 }) });
    await expect(app.session.signInLink()).rejects.toMatchObject(noAttempt);
    await app.session.signIn();
    app.session.cancel();
    await expect(app.session.signInLink()).rejects.toMatchObject(noAttempt);
    await app.session.signIn();
    app.clock.advance(60_000);
    expect(app.session.view()).toMatchObject({ error: { code: 'authorization_expired' } });
    await expect(app.session.signInLink()).rejects.toMatchObject(noAttempt);
  });

  it('ends a sign-in past its expiry whose timer has not fired (a machine that slept): signed out, and says why', async () => {
    const clock = sleepyClock();
    const app = await setup({ par: true, clock, config: offlineConfig({ authorizationTimeoutSeconds: 60 }) });
    await app.session.signIn();
    clock.advance(60_000);
    expect(app.session.view().state).toBe('awaiting-browser'); // no timer told it
    await expect(app.session.signInLink()).rejects.toMatchObject({ code: 'authorization_expired' });
    expect(app.session.view()).toMatchObject({
      state: 'signed-out',
      error: { code: 'authorization_expired' },
    });
    await expect(app.session.reopenBrowser()).rejects.toMatchObject({ code: 'invalid_request' });

    await app.session.signIn(); // Reopen finds it the same way
    clock.advance(60_000);
    await expect(app.session.reopenBrowser()).rejects.toMatchObject({ code: 'authorization_expired' });
    expect(app.session.view()).toMatchObject({
      state: 'signed-out',
      error: { code: 'authorization_expired' },
    });
    expect(app.pushes).toHaveLength(2); // the two sign-ins; nothing pushed for a dead attempt
    expect(app.browser.opened).toHaveLength(2);
  });

  it('ends a step-up past its expiry whose timer has not fired: the session keeps its tokens and says why', async () => {
    const clock = sleepyClock();
    const app = await signedInWithAsk(clock);
    const ask = (await app.session.callApi({ method: 'POST', path: '/write' })).ask;
    const outcome = app.session.stepUp(ask?.id ?? 'missing');
    await expect.poll(() => app.browser.opened.length).toBe(1);
    expect(app.session.view()).toMatchObject({ state: 'signed-in', stepUp: { kind: 'scope' } });
    clock.advance(60_000);

    await expect(app.session.signInLink()).rejects.toMatchObject({ code: 'authorization_expired' });
    await expect(outcome).rejects.toMatchObject({ code: 'authorization_expired' });
    const view = app.session.view();
    expect(view).toMatchObject({ state: 'signed-in', error: { code: 'authorization_expired' } });
    expect(view).not.toHaveProperty('stepUp');
    await expect(app.session.signInLink()).rejects.toMatchObject({ code: 'invalid_request' });
    expect(app.session.view().state).toBe('signed-in');
  });

  it('tells when the attempt a link belongs to ends: cancelled, superseded, expired, signed out', async () => {
    const app = await setup({ config: offlineConfig({ authorizationTimeoutSeconds: 60 }) });
    const endings: Array<[string, () => unknown]> = [
      ['cancelled', () => app.session.cancel()],
      ['superseded', () => app.session.signIn()],
      ['expired', () => app.clock.advance(60_000)],
      ['signed out', () => app.session.signOut()],
    ];
    for (const [how, end] of endings) {
      if (app.session.view().state !== 'awaiting-browser') await app.session.signIn();
      const link = await app.session.signInLink();
      await expect(settledYet(link), `before ${how}`).resolves.toBe(false);
      await end();
      await expect(settledYet(link), `after ${how}`).resolves.toBe(true);
    }
  });
});

describe('a step-up whose session ends on a refresh (invalid_grant)', () => {
  /** Signed in, a step-up waiting with PAR; the provider refuses the next refresh, and may hold a push. */
  async function waitingStepUp() {
    let tokens = 0;
    let hold: Promise<void> | undefined;
    const answer = async ({ url }: RecordedRequest) => {
      if (url.endsWith('/token')) {
        tokens += 1;
        return tokens === 1
          ? Response.json({ access_token: 'at-1', token_type: 'Bearer', expires_in: 600 })
          : Response.json({ error: 'invalid_grant' }, { status: 400 });
      }
      if (url === PAR_ENDPOINT) {
        await hold;
        return Response.json({ request_uri: `urn:pushed-${Math.random()}`, expires_in: 60 }, { status: 201 });
      }
      if (url.endsWith('/userinfo')) return Response.json({ sub: 'user-1', email: 'ada@example.com' });
      const challenge = 'Bearer error="insufficient_scope", scope="write"';
      return new Response(null, { status: 403, headers: { 'www-authenticate': challenge } });
    };
    const config = offlineConfig({ authorizationTimeoutSeconds: 60 });
    const metadata = { ...OFFLINE_METADATA, pushed_authorization_request_endpoint: PAR_ENDPOINT };
    const app = await offlineSession(config, { answer, metadata });
    app.secrets.entries.set(keychainAccounts(config.issuer, config.clientId).refreshToken, 'rt-1');
    expect((await app.session.restore()).state).toBe('signed-in');
    const ask = (await app.session.callApi({ method: 'POST', path: '/write' })).ask;
    const outcome = app.session.stepUp(ask?.id ?? 'missing');
    void outcome.catch(() => undefined);
    await expect.poll(() => app.browser.opened.length).toBe(1);
    const holdPushes = (): (() => void) => {
      let release = (): void => undefined;
      hold = new Promise((resolve) => (release = resolve));
      return release;
    };
    return { ...app, outcome, holdPushes };
  }

  it('ends the step-up with it: its caller is told, its link ends, nothing waits on a dead session', async () => {
    const app = await waitingStepUp();
    const link = await app.session.signInLink();
    await expect(app.session.accessToken({ forceRefresh: true })).rejects.toMatchObject({
      code: 'session_expired',
    });
    expect(app.session.view()).toMatchObject({ state: 'signed-out', error: { code: 'session_expired' } });
    await expect(app.outcome).rejects.toMatchObject({ code: 'cancelled' });
    await expect(settledYet(link)).resolves.toBe(true);
  });

  it('gives no link when the session ended while the copy was being pushed', async () => {
    const app = await waitingStepUp();
    const release = app.holdPushes();
    const copy = app.session.signInLink();
    await expect(app.session.accessToken({ forceRefresh: true })).rejects.toMatchObject({
      code: 'session_expired',
    });
    release();
    await expect(copy).rejects.toMatchObject({ code: 'cancelled' });
  });
});

/** A clock whose timers never fire, as on a machine that slept through them. */
function sleepyClock(): ManualClock {
  return Object.assign(new ManualClock(), { schedule: () => () => undefined });
}

/** Whether the link's attempt has ended, once the session's promises have run. */
async function settledYet(link: SignInLink): Promise<boolean> {
  let settled = false;
  void link.ended.then(() => (settled = true));
  await new Promise(setImmediate);
  return settled;
}

/** A session restored from the keychain whose API asks for a scope it lacks (RFC 6750 §3.1). */
async function signedInWithAsk(clock: ManualClock) {
  const config = offlineConfig({ authorizationTimeoutSeconds: 60 });
  const answer = ({ url }: RecordedRequest) => {
    if (url.endsWith('/token'))
      return Response.json({ access_token: 'at-1', token_type: 'Bearer', expires_in: 600 });
    if (url.endsWith('/userinfo')) return Response.json({ sub: 'user-1', email: 'ada@example.com' });
    const challenge = 'Bearer error="insufficient_scope", scope="write"';
    return new Response(null, { status: 403, headers: { 'www-authenticate': challenge } });
  };
  const app = await offlineSession(config, { answer, clock });
  app.secrets.entries.set(keychainAccounts(config.issuer, config.clientId).refreshToken, 'rt-1');
  expect((await app.session.restore()).state).toBe('signed-in');
  return app;
}

describe('toSignInLink', () => {
  const configuration = new oidc.Configuration(OFFLINE_METADATA, 'desktop');
  const pending: PendingAuthorization = {
    state: 's',
    nonce: 'n',
    codeVerifier: 'v'.repeat(43),
    codeChallenge: 'c'.repeat(43),
    redirectUri: 'com.example.desktop:/callback',
    expiresAt: 1,
  };
  const authorize = OFFLINE_METADATA.authorization_endpoint ?? '';

  const secret = 'a secret/with+odd&chars';
  const attempt = (clientSecret?: string) => ({
    configuration,
    pending,
    clientSecret,
    ended: Promise.resolve(),
  });

  it.each([
    ['another origin', 'https://evil.example/authorize?client_id=desktop'],
    ['another path', `${OFFLINE_ISSUER}/logout?client_id=desktop`],
    ['a user name', authorize.replace('https://', 'https://user@')],
    ['plain http off loopback', authorize.replace('https:', 'http:')],
    ['a code_verifier', `${authorize}?code_verifier=x`],
    ['a client_secret', `${authorize}?client_secret=x`],
    ['the verifier under another name', `${authorize}?x=${'v'.repeat(43)}`],
    ['the client secret under another name', `${authorize}?x=${encodeURIComponent(secret)}`],
    ['the client secret form-encoded', `${authorize}?${new URLSearchParams({ x: secret }).toString()}`],
    ['the client secret inside a value', `${authorize}?x=pre${encodeURIComponent(secret)}post`],
    ['the client secret as a name', `${authorize}?${encodeURIComponent(secret)}=1`],
  ])('refuses a URL with %s', (_name, href) => {
    expect(() => toSignInLink(new URL(href), attempt(secret))).toThrow(
      /not a plain link to your identity provider/,
    );
  });

  it('does not refuse a link because a short secret turns up by chance inside a random value', () => {
    const short = 'k3';
    const url = new URL(`${authorize}?client_id=desktop&state=xk3yz&nonce=abc`);
    expect(toSignInLink(url, attempt(short)).url).toBe(url);
    expect(() => toSignInLink(new URL(`${authorize}?x=${short}`), attempt(short))).toThrow(
      /not a plain link/,
    );
  });

  it('passes the authorization endpoint with its query', () => {
    const url = new URL(`${authorize}?client_id=desktop&request_uri=urn%3Ax`);
    const ended = Promise.resolve();
    expect(toSignInLink(url, { ...attempt(secret), ended })).toEqual({
      url,
      expiresAt: 1,
      pushed: true,
      ended,
    });
  });
});
