import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_WRITE_SCOPE } from '../../demo/demo-constants.js';
import { completeLoginOverHttp, DemoCookieJar } from '../../demo/login-over-http.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import type { AppConfig } from '../../electron/auth/config/config.js';
import type { ApiRequest } from '../../electron/shared/ipc-contract.js';
import { demoConfig, demoSession } from '../support/demo-session.js';
import { keychainEntry } from '../support/session-lifecycle.js';

const CANCEL: ApiRequest = { method: 'POST', path: '/appointments/next/cancel' };

let demo: RunningDemo;
let config: AppConfig;

beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  config = demoConfig(demo, { apiActions: [{ label: 'Cancel the next appointment', ...CANCEL }] });
});

afterAll(async () => {
  await keychainEntry(config).delete();
  await demo.close();
});

/** The session's pushes to the demo's PAR endpoint (RFC 9126 §2). */
const pushesOf = (app: ReturnType<typeof demoSession>) =>
  app.seen.filter(({ url }) => url.pathname === '/request');

describe('Copy sign-in link against the real demo provider (PAR on)', () => {
  it('pushes the waiting sign-in once more per copy, and the copied link signs in', async () => {
    const app = demoSession(config);
    await app.session.signIn();
    const link = await app.session.signInLink();
    expect(link.pushed).toBe(true);
    expect(link.url.searchParams.get('request_uri')).not.toBe(
      app.browser.last.searchParams.get('request_uri'),
    );
    const pushes = pushesOf(app);
    expect(pushes).toHaveLength(2);
    expect(pushes[1]?.body.get('state')).toBe(pushes[0]?.body.get('state'));
    expect(app.browser.opened).toHaveLength(1);
    expect(await app.session.handleRedirect(await completeLoginOverHttp(link.url.href))).toBe('completed');
    await expect(app.session.signInLink()).rejects.toMatchObject({ code: 'invalid_request' });
    await app.session.signOut();
  });

  it('copies a waiting step-up’s link, which asks for what the API wanted and completes the step-up', async () => {
    const app = demoSession(config);
    const cookies = new DemoCookieJar();
    await app.session.signIn();
    await app.session.handleRedirect(await completeLoginOverHttp(app.browser.last.href, { cookies }));
    const ask = (await app.session.callApi(CANCEL)).ask;
    expect(ask?.kind).toBe('scope');
    const answer = app.session.stepUp(ask?.id ?? '');
    await expect.poll(() => app.browser.opened.length).toBe(2);

    const link = await app.session.signInLink();
    expect([...link.url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(pushesOf(app).at(-1)?.body.get('scope')?.split(' ')).toContain(DEMO_API_WRITE_SCOPE);
    expect(await app.session.handleRedirect(await completeLoginOverHttp(link.url.href, { cookies }))).toBe(
      'completed',
    );
    expect(await answer).toMatchObject({ status: 200 });
    await app.session.signOut();
  });
});
