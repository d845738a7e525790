/**
 * "Call API" sends the configured `apiRequest`: main tells the window which request that is
 * (`app:get-info`), and the request the window sends back through `api:request` reaches the API
 * at that path below `apiBaseUrl`, with the token attached by main. The app runs on the fake
 * Electron against the real demo provider and API; every request goes through a recording fetch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import type { RunningDemo } from '../../demo/start-demo.js';
import type { HttpFetch } from '../../electron/auth/ports.js';
import type { AppInfoView } from '../../electron/shared/ipc-contract.js';
import { demoConfig, networkFetch } from '../support/demo-session.js';
import { MemorySecretStore } from '../support/fakes.js';
import { startDemoWithOfflineApp, stopDemoWithOfflineApp } from '../support/demo-with-offline-app.js';
import { becomeReady, lastView, type OfflineApp, until } from '../support/offline-app.js';

let demo: RunningDemo;
let app: OfflineApp;
beforeAll(async () => ({ demo, app } = await startDemoWithOfflineApp()));
afterAll(() => stopDemoWithOfflineApp({ demo, app }));

describe('the configured API request', () => {
  it('is what the window learns from main and what reaches the API', async () => {
    const requests: Array<{ method: string; url: string; authorized: boolean }> = [];
    const recording: HttpFetch = (url, init) => {
      const headers = new Headers(init.headers);
      requests.push({
        method: init.method ?? 'GET',
        url: String(url),
        authorized: headers.has('authorization'),
      });
      return networkFetch(url, init);
    };
    const config = {
      ...demoConfig(demo),
      redirect: 'scheme' as const,
      apiRequest: { method: 'GET' as const, path: '/v1/appointments?mine=1' },
    };
    const { fake } = app.start({
      config,
      createSecretStore: () => new MemorySecretStore(),
      providerFetch: recording,
    });
    const window = await becomeReady(fake);
    const invoke = (channel: string, ...args: unknown[]) =>
      fake.invoke(channel, window.webContents, window.webContents.mainFrame, ...args);

    const info = (await invoke('app:get-info')) as AppInfoView;
    expect(info.apiRequest).toEqual({ method: 'GET', path: '/v1/appointments?mine=1' });

    await invoke('auth:sign-in');
    const callbackUrl = await completeLoginOverHttp(fake.shell.opened[0] ?? '');
    fake.app.emit('second-instance', {}, ['/opt/app/desktop', callbackUrl], '/');
    await until(() => lastView(window.webContents).state === 'signed-in');

    requests.length = 0;
    // What the renderer does on "Call API": send back exactly the request main named.
    expect(await invoke('api:request', info.apiRequest)).toMatchObject({ ok: true });
    const toApi = requests.filter((request) => request.url.startsWith(demo.apiUrl));
    expect(toApi[0]).toEqual({
      method: 'GET',
      url: `${demo.apiUrl}/v1/appointments?mine=1`,
      authorized: true,
    });
  });
});
