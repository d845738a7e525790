/**
 * Which network stack the app's HTTP goes through (the `httpStack` setting), on the fake Electron
 * against the real demo provider and API: by default every request of a sign-in and of "Check
 * provider configuration" is a `net.request` (Chromium's stack, played here by Node's fetch
 * behind the fake `net`), built without cookies and with manual redirects; with `node`, none is.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import type { RunningDemo } from '../../demo/start-demo.js';
import { ProxySettingsError } from '../../electron/adapters/proxy-settings.js';
import type { DoctorReport } from '../../electron/doctor/doctor-report.js';
import { createAppFetch } from '../../electron/main/app-http-fetch.js';
import { createFakeElectron } from '../../harness/fake-electron.js';
import { demoConfig } from '../support/demo-session.js';
import { startDemoWithOfflineApp, stopDemoWithOfflineApp } from '../support/demo-with-offline-app.js';
import { MemorySecretStore } from '../support/fakes.js';
import { becomeReady, type FakeElectron, lastView, type OfflineApp, until } from '../support/offline-app.js';

let demo: RunningDemo;
let app: OfflineApp;
beforeAll(async () => ({ demo, app } = await startDemoWithOfflineApp()));
afterAll(() => stopDemoWithOfflineApp({ demo, app }));

/** Sign in through the demo's login pages, as the browser and the OS would, and wait for signed-in. */
async function signIn(fake: FakeElectron) {
  const window = await becomeReady(fake);
  const invoke = (channel: string, ...args: unknown[]) =>
    fake.invoke(channel, window.webContents, window.webContents.mainFrame, ...args);
  expect(await invoke('auth:sign-in')).toMatchObject({ ok: true, value: { state: 'awaiting-browser' } });
  const callbackUrl = await completeLoginOverHttp(fake.shell.opened[0] ?? '');
  fake.app.emit('second-instance', {}, ['/opt/app/desktop', callbackUrl], '/');
  await until(() => lastView(window.webContents).state === 'signed-in');
  return invoke;
}

const start = (httpStack?: 'node') =>
  app.start({
    config: demoConfig(demo, { redirect: 'scheme', ...(httpStack ? { httpStack } : {}) }),
    createSecretStore: () => new MemorySecretStore(),
  });

describe('the app’s HTTP stack', () => {
  it('is Chromium’s by default: discovery, the token request and the API call are net.requests', async () => {
    const { fake } = start();
    const invoke = await signIn(fake);
    expect(await invoke('api:request', { method: 'GET', path: '/appointments' })).toMatchObject({
      ok: true,
      value: { status: 200 },
    });

    const requests = fake.net.requests.map(
      ({ options }) => `${options.method} ${options.url?.split('?')[0]}`,
    );
    expect(requests).toContain(`GET ${demo.issuer}/.well-known/openid-configuration`);
    expect(requests.some((line) => /^POST .*\/token$/.test(line))).toBe(true);
    expect(requests.some((line) => line.startsWith(`GET ${demo.apiUrl}`))).toBe(true);
    for (const { options } of fake.net.requests) {
      expect(options).toMatchObject({
        redirect: 'manual',
        credentials: 'omit',
        cache: 'no-store',
        bypassCustomProtocolHandlers: true,
      });
    }
  });

  it('carries the provider check too, whose authorization probe sees the provider’s real redirect', async () => {
    const { fake } = start();
    const window = await becomeReady(fake);
    const result = (await fake.invoke(
      'provider:check',
      window.webContents,
      window.webContents.mainFrame,
    )) as {
      ok: boolean;
      value: DoctorReport;
    };
    const authorize = fake.net.requests.find(
      ({ url }) => url.includes('/auth?') || url.includes('redirect_uri='),
    );
    expect(authorize?.aborted).toBe(true); // the 3xx came back and was not followed
    const redirectRow = result.value.checks.find(({ id }) => id.startsWith('redirect'));
    expect(redirectRow).toMatchObject({ status: 'ok' });
    expect(result.value.checks.find(({ id }) => id === 'metadata')).toMatchObject({ status: 'ok' });
  });

  it('shows a certificate the OS refuses, by host, in the window', async () => {
    const { fake } = start();
    fake.net.carry = (request) => request.fail('net::ERR_CERT_AUTHORITY_INVALID');
    const window = await becomeReady(fake);
    await fake.invoke('auth:sign-in', window.webContents, window.webContents.mainFrame);
    await until(() => 'error' in lastView(window.webContents));
    const host = new URL(demo.issuer).host;
    expect(lastView(window.webContents)).toMatchObject({
      state: 'signed-out',
      error: {
        code: 'provider_unreachable',
        message: expect.stringMatching(
          new RegExp(`^The certificate of ${host.replace(/\./g, '\\.')} is not trusted by this computer`),
        ) as unknown,
      },
    });
    expect(fake.shell.opened).toEqual([]);
  });

  it('is Node’s fetch with httpStack "node": no net.request at all', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const { fake } = start('node');
      await signIn(fake);
      expect(fake.net.requests).toEqual([]);
      const urls = fetchSpy.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input));
      expect(urls).toContain(`${demo.issuer}/.well-known/openid-configuration`);
    } finally {
      fetchSpy.mockRestore();
    }
  });
});

describe('createAppFetch', () => {
  const { surface } = createFakeElectron('/tmp');

  it('refuses a proxy variable that is no proxy address when the stack is node', () => {
    expect(() => createAppFetch('node', surface, { HTTPS_PROXY: 'http://' })).toThrow(ProxySettingsError);
  });

  it('fetches nothing through Chromium before the app is ready', async () => {
    const fetch = createAppFetch('chromium', surface, {});
    await expect(
      fetch(`${demo.issuer}/.well-known/openid-configuration`, {
        method: 'GET',
        headers: {},
        body: undefined,
        redirect: 'manual',
      }),
    ).rejects.toThrow(/before the app is ready/);
  });
});
