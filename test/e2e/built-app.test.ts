import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../demo/demo-constants.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import { createKeytarSecretStore } from '../../electron/adapters/keytar-secret-store.js';
import { ConfigError } from '../../electron/auth/config/config.js';
import { loadConfig } from '../../electron/auth/config/load-config.js';
import { keychainAccounts } from '../../electron/auth/tokens/refresh-token-vault.js';
import type { SessionView } from '../../electron/shared/ipc-contract.js';
import {
  type BuiltApp,
  launchBuiltApp,
  prepareBuiltApp,
  writeShippedConfig,
} from '../../harness/built-app/built-app.js';
import { openBuiltRenderer } from '../../harness/built-app/built-renderer.js';
import { completeLoginInChromium, launchChromium } from '../support/demo-login-browser.js';

const screenshots = resolve('test-results/screenshots');
const keychainService = `com.example.desktop.built-${process.pid}`;

let demo: RunningDemo;
let browser: Browser;
let workDir: string;
const running: BuiltApp[] = [];

beforeAll(async () => {
  await prepareBuiltApp();
  await mkdir(screenshots, { recursive: true });
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  browser = await launchChromium();
  workDir = await mkdtemp(join(tmpdir(), 'built-app-'));
});

afterAll(async () => {
  for (const app of running) await app.stop();
  const keychain = createKeytarSecretStore(keychainService);
  for (const account of Object.values(keychainAccounts(demo.issuer, 'desktop-reference-client')))
    await keychain.delete(account);
  await browser?.close();
  await demo?.close();
  await rm(workDir, { recursive: true, force: true });
});

/** The shipped configuration, pointed at this run's demo ports and a keychain service of its own. */
function configFile(name: string, overrides: Record<string, unknown> = {}): Promise<string> {
  return writeShippedConfig(join(workDir, `${name}.json`), demo, { keychainService, ...overrides });
}

async function launch(options: { config: string; argv?: string[]; userData?: string }): Promise<BuiltApp> {
  const app = await launchBuiltApp({
    configPath: options.config,
    userData: options.userData ?? join(workDir, 'user-data'),
    ...(options.argv ? { argv: options.argv } : {}),
  });
  running.push(app);
  return app;
}

const stateOf = (app: BuiltApp): string | undefined =>
  (
    app
      .all('sent')
      .filter(({ channel }) => channel === 'auth:state-changed')
      .at(-1)?.payload as SessionView | undefined
  )?.state;

/** What the app's own validation says of a configuration file's text. */
function configProblems(fileText: string, filePath: string): readonly string[] {
  try {
    loadConfig({ fileText, filePath, env: {} });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was valid');
}

/** Everything main handed the renderer: events it sent and every value a bridge call returned. */
function crossedToRenderer(app: BuiltApp, replies: unknown[]): string {
  return JSON.stringify([app.all('sent'), replies]);
}

describe('the app as built: out/main, out/preload and out/renderer with only electron replaced', () => {
  it('signs in with the scheme redirect as a second instance, calls the API, and leaks nothing', async () => {
    const app = await launch({ config: await configFile('scheme', { redirect: 'scheme' }) });
    app.ready();
    const renderer = await openBuiltRenderer(app, browser);
    const { page } = renderer;
    const screen = page.locator('#screen');

    // The window main created is the locked-down one, on the app protocol, with the built preload.
    const [window] = app.all('window');
    expect(window?.options).toMatchObject({
      webPreferences: {
        preload: resolve('out/preload/index.cjs'),
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
      },
    });
    expect(app.all('loaded')[0]?.url).toBe('app://renderer/index.html');
    expect(app.all('protocol').map(({ scheme }) => scheme)).toEqual(['app']);
    expect(app.all('scheme-client')[0]?.args).toEqual(['com.example.desktop']);
    expect(app.all('menu').length).toBeGreaterThan(0);

    await expect.poll(() => screen.getAttribute('data-state')).toBe('signed-out');
    await page.click('#sign-in');
    const opened = await app.waitFor((a) => a.all('opened')[0]?.url, 'the system browser to open');
    expect(new URL(opened).origin).toBe(new URL(demo.issuer).origin);
    await expect.poll(() => screen.getAttribute('data-state')).toBe('awaiting-browser');

    // Chromium plays the system browser; the OS then starts a second instance, a Chromium switch first.
    const callbackUrl = await completeLoginInChromium(opened);
    app.secondInstance(['/opt/app/desktop', '--enable-features=WebContentsForceDark', callbackUrl]);
    await expect.poll(() => screen.getAttribute('data-state')).toBe('signed-in');
    expect(await page.textContent('#user-name')).toContain(DEMO_USER.name);
    await page.screenshot({ path: join(screenshots, 'built-app-signed-in.png') });

    await page.click('#call-api');
    await expect.poll(() => page.textContent('#api-status')).toContain('200');
    expect(await page.textContent('#api-body')).toContain(DEMO_USER.subject);

    // Every request main made went through Electron's net (Chromium's stack), none around it.
    const made = app.all('request').map(({ method, url }) => `${method} ${url}`);
    expect(made).toEqual(
      expect.arrayContaining([`POST ${demo.issuer}/token`, `GET ${demo.apiUrl}/appointments`]),
    );
    expect(app.all('net-request').map(({ method, url }) => `${method} ${url}`)).toEqual(made);

    // No token, code or verifier in anything main sent the window or answered it.
    const replies = [await app.callBridge('getState', []), await app.callBridge('getInfo', [])];
    const secrets = [
      ...app.all('secret').map(({ value }) => value),
      new URL(callbackUrl).searchParams.get('code') ?? 'missing',
    ];
    expect(secrets.length).toBeGreaterThan(4);
    const crossed = crossedToRenderer(app, replies);
    const reachable = await page.evaluate(() => document.documentElement.outerHTML);
    for (const secret of secrets) {
      expect(crossed).not.toContain(secret);
      expect(reachable).not.toContain(secret);
      expect(app.output).not.toContain(secret);
    }
    expect(renderer.problems).toEqual([]);
    await renderer.close();
    await app.stop();
  });

  it('restarts, restores the session from the keychain, calls the API and signs out', async () => {
    const app = await launch({ config: await configFile('scheme', { redirect: 'scheme' }) });
    app.ready();
    const renderer = await openBuiltRenderer(app, browser);
    const { page } = renderer;
    await expect.poll(() => page.locator('#screen').getAttribute('data-state')).toBe('signed-in');
    // The restore was one request to the provider: the refresh (the saved metadata was trusted).
    expect(app.all('request').filter(({ url }) => url.startsWith(demo.issuer))).toEqual([
      { kind: 'request', method: 'POST', url: `${demo.issuer}/token` },
    ]);
    await page.click('#call-api');
    await expect.poll(() => page.textContent('#api-status')).toContain('200');

    await page.click('#sign-out');
    await expect.poll(() => page.locator('#screen').getAttribute('data-state')).toBe('signed-out');
    // The window shows signed-out at once; revocation, the keychain and the provider's logout follow.
    const ended = await app.waitFor(
      (a) => a.all('opened').at(-1)?.url,
      'the RP-initiated logout in the system browser',
    );
    // RP-initiated logout in the system browser, as the shipped configuration asks.
    expect(ended).toMatch(new RegExp(`^${demo.issuer}/session/end\\?`));
    const account = keychainAccounts(demo.issuer, 'desktop-reference-client').refreshToken;
    expect(await createKeytarSecretStore(keychainService).get(account)).toBeUndefined();
    await renderer.close();
    await app.stop();
  });

  it('signs in through a loopback redirect that Chromium really navigates to', async () => {
    const app = await launch({ config: await configFile('loopback', { redirect: 'loopback' }) });
    app.ready();
    const renderer = await openBuiltRenderer(app, browser);
    const { page } = renderer;
    await expect.poll(() => page.locator('#screen').getAttribute('data-state')).toBe('signed-out');
    await page.click('#sign-in');
    const opened = await app.waitFor((a) => a.all('opened')[0]?.url, 'the system browser to open');
    let landing = '';
    const callbackUrl = await completeLoginInChromium(opened, {
      followLoopback: true,
      onLanding: (text) => (landing = text),
    });
    expect(callbackUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
    expect(landing).toContain('You are signed in');
    await expect.poll(() => page.locator('#screen').getAttribute('data-state')).toBe('signed-in');
    await page.click('#sign-out');
    await expect.poll(() => page.locator('#screen').getAttribute('data-state')).toBe('signed-out');
    await renderer.close();
    await app.stop();
  });

  it('refuses a redirect URL on the cold-start argv that no sign-in of this run started', async () => {
    const stale = `com.example.desktop:/callback?code=cold-start-code&state=cold-start-state&iss=${encodeURIComponent(demo.issuer)}`;
    const app = await launch({
      config: await configFile('scheme', { redirect: 'scheme' }),
      argv: [stale],
      userData: join(workDir, 'cold-start'),
    });
    app.ready();
    const renderer = await openBuiltRenderer(app, browser);
    const { page } = renderer;
    await expect.poll(() => page.locator('#error').getAttribute('data-code')).toBe('state_mismatch');
    expect(await page.textContent('#error')).toMatch(/does not belong to the current sign-in attempt/);
    expect(stateOf(app)).toBe('signed-out');
    expect(app.all('request').filter(({ url }) => url.endsWith('/token'))).toEqual([]);
    expect(app.output).not.toContain('cold-start-code');
    expect(app.output).not.toContain('cold-start-state');
    await renderer.close();
    await app.stop();
  });

  it('names every problem of a bad configuration file in the error dialog, then exits', async () => {
    const path = join(workDir, 'broken.json');
    const text = JSON.stringify({
      issuer: 'ftp://idp.example',
      clientId: '',
      redirect: 'sideways',
      keychainService,
    });
    await writeFile(path, text);
    const problems = configProblems(text, path);
    expect(problems.length).toBeGreaterThanOrEqual(3);

    const app = await launch({ config: path });
    expect(await app.exited).toBe(1);
    const [dialog] = app.all('dialog');
    expect(dialog?.title).toBe('Configuration problem');
    for (const problem of problems) expect(dialog?.content).toContain(problem);
    expect(app.all('window')).toEqual([]);
    expect(app.all('exit')).toEqual([{ kind: 'exit', code: 1 }]);
  });
});
