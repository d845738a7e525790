import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_ACR_MFA,
  DEMO_API_WRITE_SCOPE,
  DEMO_OTHER_USER,
  DEMO_RECORDS_MAX_AGE_SECONDS,
  DEMO_USER,
} from '../../demo/demo-constants.js';
import { startDemoApi } from '../../demo/api.js';
import { completeLoginOverHttp, DemoCookieJar } from '../../demo/login-over-http.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import type { AppConfig } from '../../electron/auth/config/config.js';
import type { ApiAskView, ApiRequest } from '../../electron/shared/ipc-contract.js';
import { completeLoginInChromium } from '../support/demo-login-browser.js';
import { demoConfig, demoSession } from '../support/demo-session.js';
import { keychainEntry } from '../support/session-lifecycle.js';

const CANCEL: ApiRequest = { method: 'POST', path: '/appointments/next/cancel' };
const RECORDS: ApiRequest = { method: 'GET', path: '/records' };
const ACTIONS = [
  { label: 'Cancel the next appointment', ...CANCEL },
  { label: 'View records', ...RECORDS },
];

let demo: RunningDemo;
let config: AppConfig;
const configs: AppConfig[] = [];

beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  config = configFor(demo);
});

afterAll(async () => {
  await Promise.all(configs.map((used) => keychainEntry(used).delete()));
  await demo.close();
});

function configFor(running: RunningDemo, overrides: Record<string, unknown> = {}): AppConfig {
  const made = demoConfig(running, { apiActions: ACTIONS, ...overrides });
  configs.push(made);
  return made;
}

/** A signed-in session whose browser keeps its cookies, as the user's own browser would. */
async function signedIn(used = config) {
  const app = demoSession(used);
  const cookies = new DemoCookieJar();
  await app.session.signIn();
  expect(
    await app.session.handleRedirect(await completeLoginOverHttp(app.browser.last.href, { cookies })),
  ).toBe('completed');
  return { ...app, cookies };
}

type App = Awaited<ReturnType<typeof signedIn>>;

/** Call the API and return the question it raised, failing when it raised none. */
async function askOf(app: App, request: ApiRequest): Promise<ApiAskView> {
  const response = await app.session.callApi(request);
  expect(response.ask, `no ask in ${response.status} ${JSON.stringify(response.challenge)}`).toBeDefined();
  return response.ask!;
}

/** "Continue in browser": start the step-up, wait for the browser to open, and return both. */
async function continueInBrowser(app: App, ask: ApiAskView) {
  const opened = app.browser.opened.length;
  const answer = app.session.stepUp(ask.id);
  await expect.poll(() => app.browser.opened.length).toBe(opened + 1);
  return { answer, url: app.browser.last.href };
}

/** What the session pushed to the provider for its newest authorization request (RFC 9126). */
function lastPushed(app: App): URLSearchParams {
  const pushed = app.seen.filter(({ url }) => url.pathname.endsWith('/request'));
  return pushed.at(-1)!.body;
}

describe('step-up against the real demo provider, API and keychain (RFC 9470, incremental scopes)', () => {
  it('asks for the missing scope, authorizes it as the same user, stores the new refresh token and retries once', async () => {
    const app = await signedIn();
    const before = await keychainEntry(config).get();
    const ask = await askOf(app, CANCEL);
    expect(ask).toMatchObject({
      kind: 'scope',
      label: 'Cancel the next appointment',
      scopes: [DEMO_API_WRITE_SCOPE],
      request: CANCEL,
    });
    const { answer, url } = await continueInBrowser(app, ask);
    // PAR: the browser URL carries only the client and the request_uri; the rest went to the provider.
    expect([...new URL(url).searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    const pushed = lastPushed(app);
    expect(pushed.get('scope')?.split(' ')).toEqual([...config.scopes, DEMO_API_WRITE_SCOPE]);
    expect(pushed.get('login_hint')).toBe(DEMO_USER.email);
    expect(pushed.get('code_challenge_method')).toBe('S256');
    expect(await app.session.handleRedirect(await completeLoginOverHttp(url, { cookies: app.cookies }))).toBe(
      'completed',
    );
    const retried = await answer;
    expect(retried).toMatchObject({ status: 200, body: { subject: DEMO_USER.subject } });
    expect(retried.ask).toBeUndefined();
    const view = app.session.view();
    expect(view.state === 'signed-in' && view.scopes).toContain(DEMO_API_WRITE_SCOPE);
    const after = await keychainEntry(config).get();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    // The session's refresh token is the new one: a forced refresh rotates it, and keeps the scope.
    await app.session.accessToken({ forceRefresh: true });
    expect(await keychainEntry(config).get()).not.toBe(after);
    expect(await app.session.callApi(CANCEL)).toMatchObject({ status: 200 });
  });

  it('steps up to a second factor with acr_values and max_age, the code page driven in Chromium', async () => {
    const app = await signedIn();
    const ask = await askOf(app, RECORDS);
    expect(ask).toMatchObject({
      kind: 'authentication',
      acrValues: [DEMO_ACR_MFA],
      maxAge: DEMO_RECORDS_MAX_AGE_SECONDS,
    });
    const { answer, url } = await continueInBrowser(app, ask);
    const pushed = lastPushed(app);
    expect(pushed.get('acr_values')).toBe(DEMO_ACR_MFA);
    expect(pushed.get('max_age')).toBe(String(DEMO_RECORDS_MAX_AGE_SECONDS));
    expect(pushed.get('prompt')?.split(' ')).not.toContain('login'); // the password sign-in is recent
    const callback = await completeLoginInChromium(url, { secondFactorCode: demo.secondFactorCode });
    expect(await app.session.handleRedirect(callback)).toBe('completed');
    expect(await answer).toMatchObject({ status: 200 });
    expect(await app.session.callApi(RECORDS)).toMatchObject({ status: 200 });
  });

  it('leaves everything as it was when the user says Not now, and answers each question once', async () => {
    const app = await signedIn();
    const before = { view: app.session.view(), keychain: await keychainEntry(config).get() };
    const first = await askOf(app, CANCEL);
    const second = await askOf(app, CANCEL); // asked again: the older question is closed
    expect(second.id).not.toBe(first.id);
    await expect(app.session.stepUp(first.id)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(app.browser.opened).toHaveLength(1); // the sign-in's only
    expect(app.session.view()).toEqual(before.view);
    expect(await keychainEntry(config).get()).toBe(before.keychain);
    expect(await app.session.callApi({ method: 'GET', path: '/appointments' })).toMatchObject({
      status: 200,
    });
  });

  it('refuses a step-up signed in as another user, and keeps the session', async () => {
    const app = await signedIn();
    const before = await keychainEntry(config).get();
    const { answer, url } = await continueInBrowser(app, await askOf(app, CANCEL));
    const callback = await completeLoginOverHttp(url, {
      username: DEMO_OTHER_USER.username,
      password: DEMO_OTHER_USER.password,
    });
    expect(await app.session.handleRedirect(callback)).toBe('failed');
    await expect(answer).rejects.toMatchObject({ code: 'step_up_failed' });
    const view = app.session.view();
    expect(view).toMatchObject({ state: 'signed-in', user: { subject: DEMO_USER.subject } });
    expect(view.state === 'signed-in' && view.error?.message).toContain(DEMO_OTHER_USER.email);
    expect(await keychainEntry(config).get()).toBe(before);
    expect(await app.session.callApi({ method: 'GET', path: '/appointments' })).toMatchObject({
      status: 200,
      body: { subject: DEMO_USER.subject },
    });
  });
});

describe('a step-up ages (RFC 9470 max_age)', () => {
  it('a refresh keeps the step-up; past max_age the API asks again and nothing opens by itself', async () => {
    let skew = 0;
    const api = await startDemoApi({ issuer: demo.issuer, port: 0, clock: () => Date.now() + skew });
    try {
      const app = await signedIn(configFor(demo, { apiBaseUrl: api.url }));
      const { answer, url } = await continueInBrowser(app, await askOf(app, RECORDS));
      const callback = await completeLoginInChromium(url, { secondFactorCode: demo.secondFactorCode });
      expect(await app.session.handleRedirect(callback)).toBe('completed');
      expect(await answer).toMatchObject({ status: 200 });

      // A refresh keeps the step-up: the new access token carries the same acr and auth_time.
      await app.session.accessToken({ forceRefresh: true });
      expect(await app.session.callApi(RECORDS)).toMatchObject({ status: 200 });

      // Past max_age by the API's clock, a refresh brings a new access token for the same sign-in.
      skew = (DEMO_RECORDS_MAX_AGE_SECONDS + 1) * 1000;
      const before = app.tokenRequests().length;
      await app.session.accessToken({ forceRefresh: true });
      expect(app.tokenRequests()).toHaveLength(before + 1);
      const opened = app.browser.opened.length;
      const again = await app.session.callApi(RECORDS);
      expect(again).toMatchObject({
        status: 401,
        ask: { kind: 'authentication', maxAge: DEMO_RECORDS_MAX_AGE_SECONDS },
      });
      expect(app.browser.opened).toHaveLength(opened);
      expect(app.session.view()).toMatchObject({ state: 'signed-in' });
    } finally {
      await api.close();
    }
  });
});

describe('step-up against a provider that ignores acr_values', () => {
  let lax: RunningDemo;
  let laxConfig: AppConfig;
  beforeAll(async () => {
    lax = await startDemo({ providerPort: 0, apiPort: 0, habits: { acrValues: 'ignored' } });
    laxConfig = configFor(lax);
  });
  afterAll(() => lax.close());

  it('refuses tokens without the asked acr with a clear message, and never asks the browser again by itself', async () => {
    const app = await signedIn(laxConfig);
    const before = await keychainEntry(laxConfig).get();
    const { answer, url } = await continueInBrowser(app, await askOf(app, RECORDS));
    expect(await app.session.handleRedirect(await completeLoginOverHttp(url, { cookies: app.cookies }))).toBe(
      'failed',
    );
    const refusal = await answer.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toMatchObject({ code: 'step_up_failed' });
    expect((refusal as Error).message).toContain(
      `did not confirm the stronger sign-in the API asked for (${DEMO_ACR_MFA})`,
    );
    expect(app.session.view()).toMatchObject({ state: 'signed-in', error: { code: 'step_up_failed' } });
    expect(await keychainEntry(laxConfig).get()).toBe(before);
    // The API still says no and the window may ask again, but nothing starts on its own.
    const opened = app.browser.opened.length;
    expect((await app.session.callApi(RECORDS)).ask).toMatchObject({ kind: 'authentication' });
    expect(app.browser.opened).toHaveLength(opened);
  });
});

describe('challenges the session does not act on', () => {
  /** An API that answers every call with `insufficient_scope` and serves metadata as told. */
  async function challengingApi(metadata: (origin: string) => { url: string; document: object }) {
    let origin = '';
    const server: Server = createServer((req, res) => {
      const { url, document } = metadata(origin);
      if (req.url === new URL(url).pathname) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
        return;
      }
      res
        .writeHead(403, {
          'content-type': 'application/json',
          'www-authenticate': `Bearer error="insufficient_scope", scope="${DEMO_API_WRITE_SCOPE}", resource_metadata="${url}"`,
        })
        .end('{"error":"insufficient_scope"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }
  const wellKnown = (origin: string) => `${origin}/.well-known/oauth-protected-resource`;

  it.each([
    [
      'names this issuer (control: it asks)',
      true,
      (origin: string) => ({
        url: wellKnown(origin),
        document: { resource: origin, authorization_servers: [demo.issuer] },
      }),
    ],
    [
      'lives at another origin',
      false,
      () => ({ url: 'http://127.0.0.2:9/.well-known/oauth-protected-resource', document: {} }),
    ],
    [
      'names other authorization servers',
      false,
      (origin: string) => ({
        url: wellKnown(origin),
        document: { resource: origin, authorization_servers: ['https://id.other.example'] },
      }),
    ],
    [
      'describes another resource',
      false,
      (origin: string) => ({
        url: wellKnown(origin),
        document: { resource: 'https://api.other.example', authorization_servers: [demo.issuer] },
      }),
    ],
  ])('an API whose metadata %s', async (_name, acted, metadata) => {
    const api = await challengingApi(metadata);
    try {
      const app = await signedIn(configFor(demo, { apiBaseUrl: api.origin }));
      const response = await app.session.callApi(CANCEL);
      expect(response.status).toBe(403);
      expect(response.ask !== undefined).toBe(acted);
    } finally {
      await api.close();
    }
  });

  it('never asks on behalf of an API other than the configured one', async () => {
    const api = await challengingApi((origin) => ({
      url: wellKnown(origin),
      document: { resource: origin },
    }));
    try {
      const app = await signedIn();
      const response = await app.session.callApi(CANCEL, { apiBaseUrl: api.origin });
      expect(response).toMatchObject({ status: 403, challenge: { error: 'insufficient_scope' } });
      expect(response.ask).toBeUndefined();
    } finally {
      await api.close();
    }
  });
});
