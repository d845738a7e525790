import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDemo } from '../../demo/start-demo.js';
import { createLogger } from '../../electron/main/logger.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { demoConfig, recordingSecrets } from '../support/demo-session.js';
import { MemorySecretStore } from '../support/fakes.js';
import { startDemoWithOfflineApp, stopDemoWithOfflineApp } from '../support/demo-with-offline-app.js';
import { becomeReady, lastView, type OfflineApp, until } from '../support/offline-app.js';

let demo: RunningDemo;
let app: OfflineApp;
beforeAll(async () => ({ demo, app } = await startDemoWithOfflineApp()));
afterAll(() => stopDemoWithOfflineApp({ demo, app }));

describe('no secrets in the logs (full flow, debug logging, real provider)', () => {
  it('logs sign-in, API call, refresh and sign-out without a token, code, verifier or callback URL', async () => {
    const lines: string[] = [];
    const secrets = new Set<string>();
    const config = { ...demoConfig(demo), redirect: 'scheme' as const };
    const { fake, running } = app.start({
      config,
      createSecretStore: () => new MemorySecretStore(),
      logger: createLogger({ debug: true, write: (line) => lines.push(line) }),
      providerFetch: recordingSecrets(secrets),
    });
    const window = await becomeReady(fake);
    const invoke = (channel: string, ...args: unknown[]) =>
      fake.invoke(channel, window.webContents, window.webContents.mainFrame, ...args);

    await invoke('auth:sign-in');
    const callbackUrl = await completeLoginOverHttp(fake.shell.opened[0] ?? '');
    secrets.add(callbackUrl);
    fake.app.emit('second-instance', {}, ['/opt/app/desktop', '--flag', callbackUrl], '/');
    await until(() => lastView(window.webContents).state === 'signed-in');
    expect(await invoke('api:request', { method: 'GET', path: '/appointments' })).toMatchObject({ ok: true });
    await running!.session.accessToken({ forceRefresh: true });
    await invoke('api:request', { method: 'GET', path: '/appointments' });
    await invoke('auth:sign-out');
    fake.app.emit('second-instance', {}, ['/opt/app/desktop', callbackUrl], '/'); // a replay, logged as refused

    const events = lines.map((line) => line.replace(/ \{.*$/, ''));
    for (const event of [
      '[info] authorization started',
      '[info] signed in',
      '[debug] tokens refreshed',
      '[info] revocation',
      '[warn] rejected a callback',
    ]) {
      expect(events).toContain(event);
    }
    expect([...secrets].filter((secret) => secret.includes('.')).length).toBeGreaterThan(0);
    const log = lines.join('\n');
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/[?&](code|state)=/);
  });
});
