import type { HttpFetch } from '../../electron/auth/ports.js';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderHabits } from '../../demo/provider-habits.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import type { AppConfig } from '../../electron/auth/config/config.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { discoverDemoProvider } from '../../demo/bare-client.js';
import { exportJWK, SignJWT } from 'jose';
import { generateDpopKeyPair } from '../../electron/auth/dpop/dpop-key.js';
import { apiRequestHandler, demoConfig, demoSession, networkFetch } from '../support/demo-session.js';
import { keychainAccounts } from '../../electron/auth/tokens/refresh-token-vault.js';

/**
 * DPoP (RFC 9449) end to end: the demo provider binds tokens to the session's key, the demo API
 * verifies proofs, and the key lives in the real keychain next to the refresh token it binds.
 */
const running: RunningDemo[] = [];
let demo: RunningDemo;
let config: AppConfig;

async function start(habits: ProviderHabits): Promise<RunningDemo> {
  const started = await startDemo({ providerPort: 0, apiPort: 0, habits });
  running.push(started);
  return started;
}

beforeAll(async () => {
  demo = await start({ dpop: 'required' });
  config = demoConfig(demo, { dpop: true });
});

afterAll(async () => {
  await Promise.all(running.map((each) => each.close()));
});

const account = () => keychainAccounts(config.issuer, config.clientId).refreshToken;
const proofKeyAccount = () => keychainAccounts(config.issuer, config.clientId).proofKey;

async function signIn(app: ReturnType<typeof demoSession>) {
  await app.session.signIn();
  return app.session.handleRedirect(await completeLoginOverHttp(app.browser.last.href));
}

const apiRequest = (app: ReturnType<typeof demoSession>) => apiRequestHandler(app.session, demo.issuer);

const callApi = (accessToken: string, headers: Record<string, string>) =>
  fetch(`${demo.apiUrl}/appointments`, { headers: { ...headers, authorization: `DPoP ${accessToken}` } });

/** Every request main sent to an API, with its headers and the status it got, seen at the fetch seam. */
interface ApiCall {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly status: number;
}
function recordApiCalls(apiUrl: () => string, calls: ApiCall[]): HttpFetch {
  return async (url, init) => {
    const response = await networkFetch(url, init);
    if (url.startsWith(apiUrl())) {
      const headers = Object.fromEntries(new Headers(init.headers as HeadersInit).entries());
      calls.push({ url, headers, status: response.status });
    }
    return response;
  };
}

/** A DPoP proof as an attacker without the session's key would make it: its own key (RFC 9449 §4.2). */
async function proofFromAnotherKey(url: string, accessToken: string): Promise<string> {
  const pair = await generateDpopKeyPair();
  const ath = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken)));
  return new SignJWT({
    htm: 'GET',
    htu: url,
    jti: crypto.randomUUID(),
    iat: Math.floor(Date.now() / 1000),
    ath: ath.toString('base64url'),
  })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: await exportJWK(pair.publicKey) })
    .sign(pair.privateKey);
}

describe('DPoP-bound session', () => {
  let first: ReturnType<typeof demoSession>;
  const apiCalls: ApiCall[] = [];

  it('signs in with a key that is saved to the keychain next to the refresh token', async () => {
    first = demoSession(config, { fetch: recordApiCalls(() => demo.apiUrl, apiCalls) });
    expect(await signIn(first)).toBe('completed');
    const saved = await first.secrets.get(proofKeyAccount());
    expect(JSON.parse(saved ?? '{}')).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      d: expect.any(String) as string,
    });
    expect(await first.secrets.get(account())).toMatch(/\S{20,}/);
  });

  it('calls the API with a fresh proof through the IPC handler', async () => {
    expect(await apiRequest(first)({ method: 'GET', path: '/appointments' })).toMatchObject({
      value: { status: 200 },
    });
    const [call] = apiCalls;
    expect(call?.headers['authorization']).toMatch(/^DPoP \S+$/);
    expect(call?.headers['dpop']).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('has the API refuse the bound token as a Bearer token, with another key’s proof, or a replayed proof', async () => {
    const token = await first.session.accessToken();
    const asBearer = await fetch(`${demo.apiUrl}/appointments`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_token"/);

    const stranger = await proofFromAnotherKey(`${demo.apiUrl}/appointments`, token);
    const otherKey = await callApi(token, { dpop: stranger });
    expect(otherKey.status).toBe(401);
    expect(otherKey.headers.get('www-authenticate')).toContain('error="invalid_dpop_proof"');

    // The proof the app really sent a moment ago, sent again by someone who saw it.
    const replayed = await callApi(token, { dpop: apiCalls[0]?.headers['dpop'] ?? '' });
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toMatchObject({ error_description: 'The DPoP proof was already used' });
  });

  it('has the provider refuse the refresh token without the key', async () => {
    const stolen = await first.secrets.get(account());
    const configuration = await discoverDemoProvider(demo.issuer);
    await expect(oidc.refreshTokenGrant(configuration, stolen ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // The theft attempt did not hurt the session: the key holder still refreshes.
    await expect(first.session.accessToken({ forceRefresh: true })).resolves.toMatch(/\S+/);
  });

  it('restores after a restart with the saved key, in one refresh request', async () => {
    const restarted = demoSession(config, { secrets: first.secrets });
    expect((await restarted.session.restore()).state).toBe('signed-in');
    expect(restarted.seen.filter(({ url }) => url.pathname === '/token')).toHaveLength(1);
    expect(await apiRequest(restarted)({ method: 'GET', path: '/appointments' })).toMatchObject({
      value: { status: 200 },
    });
    first = restarted;
  });

  it('signs out and removes both keychain entries', async () => {
    expect((await first.session.signOut()).state).toBe('signed-out');
    expect(await first.secrets.get(account())).toBeUndefined();
    expect(await first.secrets.get(proofKeyAccount())).toBeUndefined();
  });
});

describe('DPoP nonces from the API (RFC 9449 §9)', () => {
  it('retries once with the nonce the API asks for, then keeps using it', async () => {
    const strict = await startDemo({
      providerPort: 0,
      apiPort: 0,
      habits: { dpop: 'required' },
      apiRequiresDpopNonce: true,
    });
    running.push(strict);
    const calls: ApiCall[] = [];
    const app = demoSession(demoConfig(strict, { dpop: true }), {
      fetch: recordApiCalls(() => strict.apiUrl, calls),
    });
    await app.session.signIn();
    await app.session.handleRedirect(await completeLoginOverHttp(app.browser.last.href));
    const request = apiRequestHandler(app.session, strict.issuer);
    const answers = () => calls.map(({ status }) => status);
    expect(await request({ method: 'GET', path: '/appointments' })).toMatchObject({ value: { status: 200 } });
    expect(answers()).toEqual([401, 200]); // use_dpop_nonce, then the same token with the nonce
    expect(await request({ method: 'GET', path: '/appointments' })).toMatchObject({ value: { status: 200 } });
    expect(answers()).toEqual([401, 200, 200]); // the nonce was remembered
    await app.session.signOut();
  });
});

describe('DPoP refusals', () => {
  it('ends a saved session whose key has gone missing, and clears its refresh token', async () => {
    const app = demoSession(config);
    await signIn(app);
    await app.secrets.delete(proofKeyAccount());
    const restarted = demoSession(config, { secrets: app.secrets });
    expect(await restarted.session.restore()).toMatchObject({
      state: 'signed-out',
      error: { code: 'session_expired' },
    });
    expect(restarted.tokenRequests()).toEqual([]);
    expect(await app.secrets.get(account())).toBeUndefined();
  });

  it('refuses to sign in with DPoP on when the provider does not offer it', async () => {
    const plain = await start({ dpop: 'off' });
    const app = demoSession(demoConfig(plain, { dpop: true }));
    const view = await app.session.signIn();
    expect(view).toMatchObject({ state: 'signed-out', error: { code: 'provider_error' } });
    expect(view.state === 'signed-out' && view.error?.message).toContain('DPoP');
    expect(app.browser.opened).toEqual([]);
  });

  it('reports a provider that requires DPoP when the app does not send proofs', async () => {
    const app = demoSession(demoConfig(demo));
    await app.session.signIn();
    expect(await app.session.handleRedirect(await completeLoginOverHttp(app.browser.last.href))).toBe(
      'failed',
    );
    expect(app.session.view()).toMatchObject({
      state: 'signed-out',
      error: { code: 'token_request_failed' },
    });
  });
});
