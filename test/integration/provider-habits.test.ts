import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_API_AUDIENCE, DEMO_CLIENT_SECRET, DEMO_SIGNING_ALG } from '../../demo/demo-constants.js';
import { demoEndpoints, type ProviderHabits } from '../../demo/provider-habits.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { apiRequestHandler, demoConfig, demoSession } from '../support/demo-session.js';
import { keychainAccounts } from '../../electron/auth/tokens/refresh-token-vault.js';

/**
 * The whole flow (sign-in, exchange, API call, refresh, sign-out) against the real demo provider
 * taking on one real provider's habits at a time, with the client configured from the matching
 * profile. Configuration is all that changes between rows.
 */
interface Habitat {
  readonly name: string;
  readonly habits: ProviderHabits;
  readonly config: (demo: RunningDemo) => Record<string, unknown>;
  readonly pushes: boolean;
  readonly loopback?: boolean;
}

/** The endpoints a client is configured with; introspection belongs to the API alone. */
type ClientEndpoint = Exclude<keyof ReturnType<typeof demoEndpoints>, 'introspection'>;
const endpointsOf = (demo: RunningDemo, keep: readonly ClientEndpoint[]) =>
  Object.fromEntries(keep.map((name) => [name, demoEndpoints(demo.issuer)[name]]));

const HABITATS: readonly Habitat[] = [
  {
    name: 'WSO2 Identity Server: client_secret_basic, opaque tokens introspected by the API',
    habits: { clientAuthentication: 'client_secret_basic', accessTokens: 'opaque' },
    config: () => ({ clientAuthentication: 'client_secret_basic', clientSecret: DEMO_CLIENT_SECRET }),
    pushes: true,
  },
  {
    name: 'WSO2 API Manager: no discovery, explicit endpoints, Basic auth, opaque tokens, plain OAuth 2.0',
    habits: {
      discovery: 'none',
      clientAuthentication: 'client_secret_basic',
      accessTokens: 'opaque',
      pushedAuthorizationRequests: 'off',
    },
    config: (demo) => ({
      endpoints: endpointsOf(demo, ['authorization', 'token', 'revocation']),
      // A plain authorization code grant: no `openid`, so no ID token and no nonce (RFC 6749 §4.1).
      scopes: 'offline_access appointments:read',
      clientAuthentication: 'client_secret_basic',
      clientSecret: DEMO_CLIENT_SECRET,
    }),
    pushes: false,
  },
  {
    name: 'No discovery with OpenID Connect: explicit endpoints and the ID token algorithm given',
    habits: { discovery: 'none', pushedAuthorizationRequests: 'off' },
    config: (demo) => ({
      endpoints: endpointsOf(demo, ['authorization', 'token', 'revocation', 'userinfo', 'jwks']),
      // Nothing publishes the ID token's algorithm without discovery; RS256 would be assumed.
      idTokenSigningAlg: DEMO_SIGNING_ALG,
    }),
    pushes: false,
  },
  {
    name: 'Auth0: the API chosen by the audience parameter',
    habits: { apiSelectedBy: 'audience' },
    config: () => ({ authorizationParams: { prompt: 'consent', audience: DEMO_API_AUDIENCE } }),
    pushes: true,
  },
  {
    name: 'Google: loopback redirect, client_secret_post with a secret that is not secret',
    habits: { clientAuthentication: 'client_secret_post' },
    config: () => ({
      clientAuthentication: 'client_secret_post',
      clientSecret: DEMO_CLIENT_SECRET,
      redirect: 'loopback',
      redirectUri: undefined,
    }),
    pushes: true,
    loopback: true,
  },
  {
    name: 'PAR required (RFC 9126 §5)',
    habits: { pushedAuthorizationRequests: 'required' },
    config: () => ({}),
    pushes: true,
  },
  {
    name: 'no PAR offered: PKCE parameters travel in the browser URL',
    habits: { pushedAuthorizationRequests: 'off' },
    config: () => ({}),
    pushes: false,
  },
];

const running: RunningDemo[] = [];
afterAll(async () => {
  await Promise.all(running.map((demo) => demo.close()));
});

async function startHabitat(habits: ProviderHabits): Promise<RunningDemo> {
  const demo = await startDemo({ providerPort: 0, apiPort: 0, habits });
  running.push(demo);
  return demo;
}

describe.each(HABITATS)('$name', (habitat) => {
  it('signs in, calls the API, refreshes and signs out', async () => {
    const demo = await startHabitat(habitat.habits);
    const config = demoConfig(demo, {
      ...habitat.config(demo),
      ...(habitat.loopback ? { redirect: 'loopback' } : {}),
    });
    const app = demoSession(config);

    await app.session.signIn();
    const authorizationUrl = app.browser.last;
    expect(authorizationUrl.searchParams.has('request_uri')).toBe(habitat.pushes);
    expect(authorizationUrl.searchParams.has('code_challenge')).toBe(!habitat.pushes);
    const callbackUrl = await completeLoginOverHttp(authorizationUrl.href);
    if (habitat.loopback) {
      expect(new URL(callbackUrl).hostname).toBe('127.0.0.1');
      expect((await fetch(callbackUrl)).status).toBe(200); // the listener's landing page
    } else {
      expect(await app.session.handleRedirect(callbackUrl)).toBe('completed');
    }
    const signedIn = app.session.view();
    expect(signedIn.state).toBe('signed-in');
    // Plain OAuth 2.0 (no openid scope): no nonce asked, no identity claimed.
    const openId = config.scopes.includes('openid');
    expect(authorizationUrl.searchParams.has('nonce')).toBe(openId && !habitat.pushes);
    expect(signedIn.state === 'signed-in' && signedIn.user !== undefined).toBe(openId);
    if (config.clientSecret) {
      const [exchange] = app.tokenRequests();
      const basic = exchange?.body.has('client_secret') === false;
      expect(basic).toBe(config.clientAuthentication === 'client_secret_basic');
    }
    if (habitat.habits.discovery === 'none') {
      expect(app.seen.some(({ url }) => url.pathname.startsWith('/.well-known/'))).toBe(false);
    }

    const api = apiRequestHandler(app.session, demo.issuer);
    expect(await api({ method: 'GET', path: '/appointments' })).toMatchObject({
      ok: true,
      value: { status: 200 },
    });

    const before = await app.session.accessToken();
    const after = await app.session.accessToken({ forceRefresh: true });
    expect(after).not.toBe(before);
    expect(await api({ method: 'GET', path: '/appointments' })).toMatchObject({ value: { status: 200 } });

    // A restart: one refresh from the keychain's token, with the same settings (and no ID token needed).
    const restarted = demoSession(config, { secrets: app.secrets });
    expect(await restarted.session.restore()).toMatchObject({ state: 'signed-in' });
    expect(restarted.tokenRequests()).toHaveLength(1);

    expect((await restarted.session.signOut()).state).toBe('signed-out');
    expect(restarted.seen.some(({ url }) => url.pathname === '/token/revocation')).toBe(true);
    expect(
      await app.secrets.get(keychainAccounts(config.issuer, config.clientId).refreshToken),
    ).toBeUndefined();
    if (habitat.habits.accessTokens === 'opaque') {
      // Introspection asks the provider each time: the revoked grant's access token is dead at once.
      const response = await fetch(`${demo.apiUrl}/appointments`, {
        headers: { authorization: `Bearer ${after}` },
      });
      expect(response.status).toBe(401);
    }
  });
});

describe('habits the client must be configured for', () => {
  it('gets a token the API refuses when Auth0-style audience is left out', async () => {
    const demo = await startHabitat({ apiSelectedBy: 'audience' });
    const app = demoSession(demoConfig(demo));
    await app.session.signIn();
    await app.session.handleRedirect(await completeLoginOverHttp(app.browser.last.href));
    const response = await fetch(`${demo.apiUrl}/appointments`, {
      headers: { authorization: `Bearer ${await app.session.accessToken()}` },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    await app.session.signOut();
  });

  it('refuses to start when the provider requires PAR and the config turned it off', async () => {
    const demo = await startHabitat({ pushedAuthorizationRequests: 'required' });
    const app = demoSession(demoConfig(demo, { pushedAuthorizationRequests: 'never' }));
    const view = await app.session.signIn();
    expect(view).toMatchObject({ state: 'signed-out', error: { code: 'provider_error' } });
    expect(view.state === 'signed-out' && view.error?.message).toContain('"pushedAuthorizationRequests"');
    expect(app.browser.opened).toEqual([]);
  });

  it('reports a wrong client secret as the provider refusing the client', async () => {
    const demo = await startHabitat({ clientAuthentication: 'client_secret_basic' });
    const app = demoSession(
      demoConfig(demo, { clientAuthentication: 'client_secret_basic', clientSecret: 'wrong' }),
    );
    const view = await app.session.signIn();
    // The pushed request is the first authenticated call, so the wrong secret shows up there.
    expect(view).toMatchObject({ state: 'signed-out', error: { code: 'provider_error' } });
    expect(view.state === 'signed-out' && view.error?.message).toContain('invalid_client');
  });
});
