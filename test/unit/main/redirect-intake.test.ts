import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedirectIntake } from '../../../electron/main/redirect-intake.js';
import type { ErrorCode } from '../../../electron/shared/ipc-contract.js';
import {
  becomeReady,
  createOfflineApp,
  type FakeElectron,
  lastView,
  until,
} from '../../support/offline-app.js';

const URL_A = 'com.example.desktop:/callback?code=x&state=not-pending';
const OTHER = 'com.example.other:/callback?code=x&state=y';

let app: Awaited<ReturnType<typeof createOfflineApp>>;
beforeEach(async () => {
  app = await createOfflineApp();
});
afterEach(async () => {
  await app.cleanup();
});

type Case = {
  readonly name: string;
  readonly platform: NodeJS.Platform;
  readonly argv?: readonly string[];
  /** What the OS does after start-up, before or after `ready`. */
  readonly event?: (fake: FakeElectron) => void;
  readonly early?: boolean;
  /** The error the session shows when the URL reached it; undefined when it must not have. */
  readonly reaches: ErrorCode | undefined;
};

const CASES: Case[] = [
  {
    name: 'win32 cold start with the URL in argv',
    platform: 'win32',
    argv: ['C:\\App\\app.exe', URL_A],
    reaches: 'state_mismatch',
  },
  {
    name: 'linux cold start with the URL in argv',
    platform: 'linux',
    argv: ['/opt/app/app', URL_A],
    reaches: 'state_mismatch',
  },
  {
    name: 'linux cold start with the URL among Chromium switches',
    platform: 'linux',
    argv: ['/opt/app/app', '--no-sandbox', URL_A, '--enable-features=Foo'],
    reaches: 'state_mismatch',
  },
  {
    name: 'win32 cold start with two URLs',
    platform: 'win32',
    argv: ['app.exe', URL_A, URL_A],
    reaches: undefined,
  },
  {
    name: 'linux cold start with another scheme',
    platform: 'linux',
    argv: ['/opt/app/app', OTHER],
    reaches: undefined,
  },
  {
    name: 'win32 second-instance with the URL',
    platform: 'win32',
    event: (fake) => fake.app.emit('second-instance', {}, ['app.exe', '--flag', URL_A], 'C:\\'),
    reaches: 'state_mismatch',
  },
  {
    name: 'linux second-instance with two URLs',
    platform: 'linux',
    event: (fake) => fake.app.emit('second-instance', {}, ['/opt/app/app', URL_A, URL_A], '/'),
    reaches: undefined,
  },
  {
    name: 'darwin open-url before ready',
    platform: 'darwin',
    early: true,
    event: (fake) => fake.app.emit('open-url', { preventDefault() {} }, URL_A),
    reaches: 'state_mismatch',
  },
  {
    name: 'darwin open-url for another scheme',
    platform: 'darwin',
    event: (fake) => fake.app.emit('open-url', { preventDefault() {} }, OTHER),
    reaches: undefined,
  },
];

describe('redirect intake on each OS (fake Electron)', () => {
  it.each(CASES)('$name', async ({ platform, argv, event, early, reaches }) => {
    const { fake } = app.start({ platform, ...(argv ? { argv } : {}) });
    if (early) {
      fake.app.emit('will-finish-launching');
      event?.(fake);
    }
    const window = await becomeReady(fake);
    if (!early) event?.(fake);
    if (reaches) {
      await until(
        () => lastView(window.webContents).state === 'signed-out' && 'error' in lastView(window.webContents),
      );
      expect(lastView(window.webContents)).toMatchObject({ error: { code: reaches } });
    } else {
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(lastView(window.webContents)).toEqual({ state: 'signed-out' });
    }
  });

  it('hands a second-instance redirect for the pending sign-in to the token exchange', async () => {
    const { fake } = app.start({ platform: 'win32' });
    const window = await becomeReady(fake);
    await fake.invoke('auth:sign-in', window.webContents, window.webContents.mainFrame);
    const state = new URL(fake.shell.opened[0] ?? '').searchParams.get('state');
    const url = `com.example.desktop:/callback?code=x&state=${state}&iss=https%3A%2F%2Fidp.example.test`;
    fake.app.emit('second-instance', {}, ['app.exe', url], 'C:\\');
    // The offline provider has no token endpoint: reaching it proves the redirect was matched.
    await until(() => lastView(window.webContents).state === 'signed-out');
    expect(lastView(window.webContents)).toMatchObject({ error: { code: 'provider_unreachable' } });
  });
});

describe('RedirectIntake', () => {
  it('queues URLs until ready and delivers them in order with their source', () => {
    const delivered: string[] = [];
    const intake = new RedirectIntake('com.example.desktop', (url, source) =>
      delivered.push(`${source} ${url}`),
    );
    intake.fromOpenUrl('com.example.desktop:/callback?n=1');
    intake.fromArgv(['app', 'com.example.desktop:/callback?n=2'], 'second-instance');
    expect(delivered).toEqual([]);
    intake.ready();
    intake.fromOpenUrl('com.example.desktop:/callback?n=3');
    expect(delivered).toEqual([
      'open-url com.example.desktop:/callback?n=1',
      'second-instance com.example.desktop:/callback?n=2',
      'open-url com.example.desktop:/callback?n=3',
    ]);
  });

  it('does not look for the URL in the executable path', () => {
    const delivered: string[] = [];
    const intake = new RedirectIntake('com.example.desktop', (url) => delivered.push(url));
    intake.ready();
    expect(intake.fromArgv(['com.example.desktop:/callback?x=1'], 'cold-start')).toBe(false);
    expect(delivered).toEqual([]);
  });

  it('takes nothing when the app uses loopback only', () => {
    const intake = new RedirectIntake(undefined, () => {
      throw new Error('must not deliver');
    });
    intake.ready();
    expect(intake.fromArgv(['app', 'com.example.desktop:/callback?x=1'], 'second-instance')).toBe(false);
    expect(intake.fromOpenUrl('com.example.desktop:/callback?x=1')).toBe(false);
  });
});

describe('redirect mode chosen per sign-in', () => {
  it.each([
    ['auto with the scheme registered', 'auto', true, /^com\.example\.desktop:\/callback$/],
    ['auto with the scheme not registered', 'auto', false, /^http:\/\/127\.0\.0\.1:\d+\/callback$/],
    ['loopback always', 'loopback', true, /^http:\/\/127\.0\.0\.1:\d+\/callback$/],
    ['scheme always', 'scheme', false, /^com\.example\.desktop:\/callback$/],
  ] as const)('%s', async (_name, redirect, registered, expected) => {
    const { config } = app.options();
    const { fake, running } = app.start(
      { config: { ...config, redirect } },
      (f) => (f.app.schemeRegistered = registered),
    );
    const window = await becomeReady(fake);
    expect(await fake.invoke('app:get-info', window.webContents, window.webContents.mainFrame)).toMatchObject(
      {
        redirectMode: redirect,
        scheme: 'com.example.desktop',
        schemeRegistered: registered,
      },
    );
    await fake.invoke('auth:sign-in', window.webContents, window.webContents.mainFrame);
    expect(new URL(fake.shell.opened[0] ?? '').searchParams.get('redirect_uri')).toMatch(expected);
    running?.session.cancel();
  });
});
