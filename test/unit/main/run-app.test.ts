import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApp, type RunAppOptions } from '../../../electron/main/run-app.js';
import { createFakeElectron, FakeBrowserWindow } from '../../../harness/fake-electron.js';
import { becomeReady, createOfflineApp, lastView, until } from '../../support/offline-app.js';
import { OFFLINE_ISSUER, offlineConfig } from '../../support/offline-provider.js';

let app: Awaited<ReturnType<typeof createOfflineApp>>;

beforeEach(async () => {
  app = await createOfflineApp();
});

afterEach(async () => {
  await app.cleanup();
});

const start = (overrides?: Partial<RunAppOptions>) => app.start(overrides);
const options = (overrides?: Partial<RunAppOptions>) => app.options(overrides);
const ready = becomeReady;

describe('runApp (Electron wiring against a fake Electron)', () => {
  it('quits when another instance already holds the lock', () => {
    const { fake, surface } = createFakeElectron(app.userData);
    fake.app.hasLock = false;
    expect(runApp(surface, options())).toBeUndefined();
    expect(fake.app.quitCalls).toBe(1);
  });

  it('registers the private-use scheme and the app:// protocol before ready', () => {
    const { fake } = start();
    expect(fake.app.protocolClients).toEqual([['com.example.desktop']]);
    expect(fake.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true } },
    ]);
  });

  it('names the development desktop entry on Linux so Electron registers the same one', () => {
    const { fake } = start({ isDefaultApp: true, argv: ['/usr/bin/electron', '/src/project'] });
    expect(fake.app.desktopName).toBe('com.example.desktop-dev.desktop');
    expect(
      start({ platform: 'win32', isDefaultApp: true, argv: ['electron.exe', 'C:\\src'] }).fake.app
        .desktopName,
    ).toBeUndefined();
  });

  it('opens a new window when the app is activated after its window was closed (macOS)', async () => {
    const { fake } = start({ platform: 'darwin' });
    const window = await ready(fake);
    window.destroyed = true;
    fake.app.emit('activate');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    const next = FakeBrowserWindow.instances[1]!;
    expect(await fake.invoke('auth:get-state', next.webContents, next.webContents.mainFrame)).toEqual({
      state: 'signed-out',
    });
    await expect(
      fake.invoke('auth:get-state', window.webContents, window.webContents.mainFrame),
    ).rejects.toThrow(/IPC refused/);
  });

  it('registers the development entry script with the scheme when run as `electron .`', () => {
    const { fake } = start({
      isDefaultApp: true,
      argv: ['/usr/bin/electron', '/src/project'],
      execPath: '/usr/bin/electron',
    });
    expect(fake.app.protocolClients).toEqual([
      ['com.example.desktop', '/usr/bin/electron', ['/src/project']],
    ]);
  });

  it('opens one locked-down window on the app:// renderer', async () => {
    const { fake } = start();
    const window = await ready(fake);
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/opt/app/preload/index.cjs',
    });
    expect(window.loadedUrl).toBe('app://renderer/index.html');
    expect(window.webContents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({
      action: 'deny',
    });
    let prevented = false;
    window.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    let granted: boolean | undefined;
    window.webContents.permissionRequestHandler?.(window.webContents, 'media', (value) => (granted = value));
    expect(granted).toBe(false);
    expect(fake.protocol.handlers.has('app')).toBe(true);
  });

  it('answers IPC only from the window’s own top frame', async () => {
    const { fake } = start();
    const window = await ready(fake);
    const contents = window.webContents;
    expect(fake.handledChannels()).toEqual([
      'api:request',
      'api:step-up',
      'app:copy-details',
      'app:get-info',
      'auth:cancel',
      'auth:copy-sign-in-link',
      'auth:get-state',
      'auth:reopen-browser',
      'auth:sign-in',
      'auth:sign-in-again',
      'auth:sign-out',
      'provider:check',
    ]);
    expect(await fake.invoke('auth:get-state', contents, contents.mainFrame)).toEqual({
      state: 'signed-out',
    });
    const refused = /IPC refused/;
    const subframe = { url: 'app://renderer/frame.html' };
    await expect(fake.invoke('auth:get-state', contents, subframe)).rejects.toThrow(refused);
    const navigatedAway = { url: 'https://evil.example/' };
    await expect(fake.invoke('auth:get-state', contents, navigatedAway)).rejects.toThrow(refused);
    const stranger = new FakeBrowserWindow({}).webContents;
    await expect(fake.invoke('auth:sign-in', stranger, stranger.mainFrame)).rejects.toThrow(refused);
    expect(fake.shell.opened).toEqual([]);
  });

  it('opens only the authorization endpoint in the system browser', async () => {
    const { fake } = start();
    const window = await ready(fake);
    const result = await fake.invoke('auth:sign-in', window.webContents, window.webContents.mainFrame);
    expect(result).toMatchObject({ ok: true, value: { state: 'awaiting-browser' } });
    expect(fake.shell.opened).toHaveLength(1);
    expect(fake.shell.opened[0]).toMatch(/^https:\/\/idp\.example\.test\/authorize\?/);
  });

  it('copies the waiting sign-in’s link to the clipboard in main and answers the window without it', async () => {
    const { fake } = start();
    const window = await ready(fake);
    const copy = () =>
      fake.invoke('auth:copy-sign-in-link', window.webContents, window.webContents.mainFrame);
    expect(await copy()).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(fake.clipboard.text).toBe('');

    await fake.invoke('auth:sign-in', window.webContents, window.webContents.mainFrame);
    const answer = await copy();
    const view = lastView(window.webContents);
    expect(answer).toEqual({
      ok: true,
      value: { expiresAt: view.state === 'awaiting-browser' && view.expiresAt, pushed: false },
    });
    const link = new URL(fake.clipboard.text);
    expect(link.origin + link.pathname).toBe('https://idp.example.test/authorize');
    expect(fake.clipboard.text).toBe(fake.shell.opened[0]);
    expect(fake.shell.opened).toHaveLength(1); // copying opens nothing
    // Nothing of the link reaches the renderer: not in the answer, not in any event sent to it.
    const crossed = JSON.stringify([answer, window.webContents.sent]);
    for (const part of [fake.clipboard.text, link.searchParams.get('state') ?? 'missing', '/authorize']) {
      expect(crossed).not.toContain(part);
    }
  });

  it('takes the copied link back off the clipboard when its attempt ends, unless something else was copied since', async () => {
    const providerFetch = (url: string) =>
      Promise.resolve(
        url.endsWith('/token')
          ? Response.json({
              access_token: 'at-1',
              token_type: 'Bearer',
              expires_in: 600,
              refresh_token: 'rt-1',
            })
          : new Response(null, { status: 404 }),
      );
    const { fake } = start({ config: offlineConfig({ scopes: 'offline_access' }), providerFetch });
    const window = await ready(fake);
    const invoke = (channel: string) =>
      fake.invoke(channel, window.webContents, window.webContents.mainFrame);
    const copied = async () => {
      await invoke('auth:sign-in');
      expect(await invoke('auth:copy-sign-in-link')).toMatchObject({ ok: true });
      expect(fake.clipboard.text).toMatch(/^https:\/\/idp\.example\.test\/authorize\?/);
      return new URL(fake.clipboard.text);
    };

    await copied();
    await invoke('auth:cancel');
    await until(() => fake.clipboard.text === '');

    await copied();
    await fake.clipboard.writeText('the user’s own notes');
    await invoke('auth:cancel');
    await settleAWhile();
    expect(fake.clipboard.text).toBe('the user’s own notes');

    const link = await copied();
    const state = link.searchParams.get('state') ?? 'missing';
    const redirect = `com.example.desktop:/callback?code=c-1&state=${state}&iss=${encodeURIComponent(OFFLINE_ISSUER)}`;
    fake.app.emit('second-instance', {}, ['/opt/app/desktop', redirect], '/');
    await until(() => lastView(window.webContents).state === 'signed-in');
    await until(() => fake.clipboard.text === '');
  });

  it('takes the copied link back when a newer sign-in supersedes its attempt', async () => {
    const { fake } = start();
    const window = await ready(fake);
    const invoke = (channel: string) =>
      fake.invoke(channel, window.webContents, window.webContents.mainFrame);
    await invoke('auth:sign-in');
    await invoke('auth:copy-sign-in-link');
    const first = fake.clipboard.text;
    expect(first).not.toBe('');
    await invoke('auth:sign-in'); // supersedes the waiting one
    await until(() => fake.clipboard.text === '');
    await invoke('auth:copy-sign-in-link');
    expect(fake.clipboard.text).not.toBe('');
    expect(new URL(fake.clipboard.text).searchParams.get('state')).not.toBe(
      new URL(first).searchParams.get('state'),
    );
  });

  it('takes a redirect from second-instance argv among Chromium switches and brings the window forward', async () => {
    const { fake } = start();
    const window = await ready(fake);
    await fake.invoke('auth:sign-in', window.webContents, window.webContents.mainFrame);
    window.minimized = true;
    const argv = [
      '/opt/app/desktop',
      '--allow-file-access-from-files',
      'com.example.desktop:/callback?code=x&state=forged',
    ];
    fake.app.emit('second-instance', {}, argv, '/home/user');
    await until(
      () =>
        lastView(window.webContents).state === 'awaiting-browser' && 'error' in lastView(window.webContents),
    );
    expect(lastView(window.webContents)).toMatchObject({ error: { code: 'state_mismatch' } });
    expect(window.minimized).toBe(false);
    expect(window.focusCount).toBeGreaterThan(0);
  });

  it('ignores a second instance whose argv carries two redirect URLs', async () => {
    const { fake } = start();
    const window = await ready(fake);
    const sentBefore = window.webContents.sent.length;
    const url = 'com.example.desktop:/callback?code=x&state=y';
    fake.app.emit('second-instance', {}, ['/opt/app/desktop', url, url], '/');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(window.webContents.sent).toHaveLength(sentBefore);
  });

  it('queues macOS open-url events that arrive before ready and delivers them after restore', async () => {
    const { fake } = start({ platform: 'darwin' });
    fake.app.emit('will-finish-launching');
    let prevented = false;
    fake.app.emit(
      'open-url',
      { preventDefault: () => (prevented = true) },
      'com.example.desktop:/callback?code=x&state=early',
    );
    expect(prevented).toBe(true);
    const window = await ready(fake);
    await until(
      () => lastView(window.webContents).state === 'signed-out' && 'error' in lastView(window.webContents),
    );
    expect(lastView(window.webContents)).toMatchObject({ error: { code: 'state_mismatch' } });
  });

  it('delivers a redirect found in the cold-start argv', async () => {
    const { fake } = start({ argv: ['/opt/app/desktop', 'com.example.desktop:/callback?code=x&state=cold'] });
    const window = await ready(fake);
    await until(() => 'error' in lastView(window.webContents));
    expect(lastView(window.webContents)).toMatchObject({
      state: 'signed-out',
      error: { code: 'state_mismatch' },
    });
  });

  it('on macOS steals focus for our own redirect only, never for another scheme', async () => {
    const { fake } = start({ platform: 'darwin' });
    const window = await ready(fake);
    window.minimized = true;
    const focused = window.focusCount;
    fake.app.emit(
      'open-url',
      { preventDefault: () => undefined },
      'https://elsewhere.example/callback?code=x',
    );
    expect(fake.app.focusCalls).toEqual([]);
    expect(window.minimized).toBe(true); // a URL that is not ours changes nothing
    expect(window.focusCount).toBe(focused);
    fake.app.emit(
      'open-url',
      { preventDefault: () => undefined },
      'com.example.desktop:/callback?code=x&state=y',
    );
    expect(fake.app.focusCalls).toEqual([{ steal: true }]);
  });

  it('sets a menu whose Account items follow the session and reach the same handlers as the buttons', async () => {
    const { fake } = start();
    const window = await ready(fake);
    expect(fake.Menu.item('sign-in').enabled).toBe(true);
    expect(fake.Menu.item('sign-out').enabled).toBe(false);
    expect(fake.Menu.item('copy-details').enabled).toBe(false);
    fake.Menu.item('sign-in').click?.();
    await until(() => lastView(window.webContents).state === 'awaiting-browser');
    expect(fake.shell.opened).toHaveLength(1); // the browser opened, as the button does it
    expect(fake.Menu.item('sign-in').enabled).toBe(false);

    fake.app.emit(
      'second-instance',
      {},
      ['/opt/app/desktop', 'com.example.desktop:/callback?code=x&state=forged'],
      '/',
    );
    await until(() => fake.Menu.item('copy-details').enabled === true);
    fake.Menu.item('copy-details').click?.();
    await until(() => fake.clipboard.text !== '');
    expect(fake.clipboard.text).toContain('Error: state_mismatch:');
    expect(fake.clipboard.text).toContain('Step: waiting for the browser');
    expect(fake.clipboard.text).not.toMatch(/code=|state=|forged/);
  });

  it('runs the provider check from the Help menu and sends the report to the window', async () => {
    const { fake } = start();
    const window = await ready(fake);
    fake.Menu.item('check-provider').click?.();
    await until(() => window.webContents.sent.some(({ channel }) => channel === 'app:provider-check'));
    const report = window.webContents.sent.find(({ channel }) => channel === 'app:provider-check')?.payload;
    expect(report).toMatchObject({
      checks: expect.arrayContaining([expect.objectContaining({ id: 'metadata' })]) as unknown,
    });
  });

  it('quits when the last window closes, except on macOS', () => {
    const linux = start();
    linux.fake.app.emit('window-all-closed');
    expect(linux.fake.app.quitCalls).toBe(1);
    const mac = start({ platform: 'darwin' });
    mac.fake.app.emit('window-all-closed');
    expect(mac.fake.app.quitCalls).toBe(0);
  });
});

/** Let main's pending promises run, when a test waits for something not to happen. */
async function settleAWhile(): Promise<void> {
  for (let turn = 0; turn < 20; turn += 1) await new Promise(setImmediate);
}
