import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../../electron/auth/config/config.js';
import { toSignInLink } from '../../../../electron/auth/sign-in/sign-in-link.js';
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

  it('refuses a link for an attempt past its expiry whose timer has not fired (a machine that slept)', async () => {
    const clock = new ManualClock();
    const sleepy = Object.assign(clock, { schedule: () => () => undefined });
    const app = await setup({
      par: true,
      clock: sleepy,
      config: offlineConfig({ authorizationTimeoutSeconds: 60 }),
    });
    await app.session.signIn();
    clock.advance(60_000);
    expect(app.session.view().state).toBe('awaiting-browser');
    await expect(app.session.signInLink()).rejects.toMatchObject({ code: 'authorization_expired' });
    await expect(app.session.reopenBrowser()).rejects.toMatchObject({ code: 'authorization_expired' });
    expect(app.pushes).toHaveLength(1); // nothing pushed for a dead attempt
  });
});

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

  it.each([
    ['another origin', 'https://evil.example/authorize?client_id=desktop'],
    ['another path', `${OFFLINE_ISSUER}/logout?client_id=desktop`],
    ['a user name', authorize.replace('https://', 'https://user@')],
    ['plain http off loopback', authorize.replace('https:', 'http:')],
    ['a code_verifier', `${authorize}?code_verifier=x`],
    ['a client_secret', `${authorize}?client_secret=x`],
    ['the verifier under another name', `${authorize}?x=${'v'.repeat(43)}`],
  ])('refuses a URL with %s', (_name, href) => {
    expect(() => toSignInLink(new URL(href), configuration, pending)).toThrow(
      /not a plain link to your identity provider/,
    );
  });

  it('passes the authorization endpoint with its query', () => {
    const url = new URL(`${authorize}?client_id=desktop&request_uri=urn%3Ax`);
    expect(toSignInLink(url, configuration, pending)).toEqual({ url, expiresAt: 1, pushed: true });
  });
});
