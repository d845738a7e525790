import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'electron-vite';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../demo/demo-constants.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import { createKeytarSecretStore } from '../../electron/adapters/keytar-secret-store.js';
import type { AppConfig } from '../../electron/auth/config/config.js';
import { createLogger } from '../../electron/main/logger.js';
import { type RunningApp, runApp } from '../../electron/main/run-app.js';
import type { SessionView } from '../../electron/shared/ipc-contract.js';
import { completeLoginInChromium, launchChromium } from '../support/demo-login-browser.js';
import { demoConfig } from '../support/demo-session.js';
import { createFakeElectron, FakeBrowserWindow } from '../../harness/fake-electron.js';
import { openRenderer } from '../support/renderer-harness.js';
import { keychainAccounts } from '../../electron/auth/tokens/refresh-token-vault.js';

const rendererDir = resolve('out/renderer');
const screenshots = resolve('test-results/screenshots');

let demo: RunningDemo;
let config: AppConfig;
let userData: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(rendererDir, 'index.html'))) await build({ logLevel: 'warn' });
  await mkdir(screenshots, { recursive: true });
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  config = demoConfig(demo);
  userData = await mkdtemp(join(tmpdir(), 'e2e-'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await createKeytarSecretStore(config.keychainService).delete(
    keychainAccounts(config.issuer, config.clientId).refreshToken,
  );
  await demo?.close();
  await rm(userData, { recursive: true, force: true });
});

/** Start the app's real main-process wiring on a fake Electron, and its real renderer in Chromium. */
async function startDesktopApp(overrides: Partial<AppConfig> = {}) {
  FakeBrowserWindow.instances.length = 0;
  const { fake, surface } = createFakeElectron(userData);
  const logLines: string[] = [];
  const running = runApp(surface, {
    config: { ...config, ...overrides },
    argv: ['/opt/app/desktop'],
    platform: 'linux',
    isDefaultApp: false,
    execPath: '/opt/app/desktop',
    preloadPath: '/opt/app/preload/index.cjs',
    rendererDir,
    createSecretStore: createKeytarSecretStore,
    logger: createLogger({ debug: true, write: (line) => logLines.push(line) }),
  }) as RunningApp;
  fake.app.becomeReady();
  await waitFor(() => FakeBrowserWindow.instances.length === 1);
  const contents = FakeBrowserWindow.instances[0]!.webContents;
  // The bridge the preload would expose, backed by the real IPC handlers with their sender check.
  const crossed: unknown[] = [];
  const call =
    (channel: string) =>
    async (...args: unknown[]) => {
      const result = await fake.invoke(channel, contents, contents.mainFrame, ...args);
      crossed.push(result);
      return result;
    };
  const renderer = await openRenderer({
    rendererDir,
    browser,
    bridge: {
      getInfo: call('app:get-info'),
      getState: call('auth:get-state'),
      signIn: call('auth:sign-in'),
      cancel: call('auth:cancel'),
      reopenBrowser: call('auth:reopen-browser'),
      copySignInLink: call('auth:copy-sign-in-link'),
      signOut: call('auth:sign-out'),
      request: call('api:request'),
      checkProvider: call('provider:check'),
      copyDetails: call('app:copy-details'),
    },
  });
  contents.on('sent', (channel: string, view: SessionView) => {
    crossed.push(view);
    if (channel === 'auth:state-changed') void renderer.pushState(view);
  });
  return { fake, running, renderer, page: renderer.page, logLines, crossed };
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('desktop sign-in end to end (Chromium as the system browser and as the renderer)', () => {
  it('signs in through the browser, calls the API, keeps no token in the renderer, and signs out', async () => {
    const { fake, running, renderer, page, logLines, crossed } = await startDesktopApp();
    const screen = page.locator('#screen');

    await expect.poll(() => screen.getAttribute('data-state')).toBe('signed-out');
    await page.screenshot({ path: join(screenshots, 'e2e-1-signed-out.png') });

    await page.click('#sign-in');
    await expect.poll(() => screen.getAttribute('data-state')).toBe('awaiting-browser');
    await page.screenshot({ path: join(screenshots, 'e2e-2-awaiting-browser.png') });
    expect(fake.shell.opened).toHaveLength(1);

    // Chromium plays the user's system browser; the OS then starts a second instance with the URL.
    const callbackUrl = await completeLoginInChromium(fake.shell.opened[0]!, { screenshotDir: screenshots });
    fake.app.emit('second-instance', {}, ['/opt/app/desktop', '--enable-features=x', callbackUrl], '/');

    await expect.poll(() => screen.getAttribute('data-state')).toBe('signed-in');
    await expect.poll(() => page.textContent('#user-name')).toContain(DEMO_USER.name);
    expect(await page.textContent('#user-email')).toContain(DEMO_USER.email);
    expect(await page.textContent('#user-subject')).toContain(DEMO_USER.subject);
    expect(await page.textContent('#scopes')).toContain('appointments:read');
    await page.screenshot({ path: join(screenshots, 'e2e-3-signed-in.png') });

    await page.click('#call-api');
    await expect.poll(() => page.textContent('#api-status')).toContain('200');
    expect(await page.textContent('#api-body')).toContain(DEMO_USER.subject);
    await page.screenshot({ path: join(screenshots, 'e2e-4-api-response.png') });

    // Nothing the renderer can reach holds a token.
    const accessToken = await running.session.accessToken();
    const refreshToken = await createKeytarSecretStore(config.keychainService).get(
      keychainAccounts(config.issuer, config.clientId).refreshToken,
    );
    const reachable = await page.evaluate(() =>
      JSON.stringify([
        document.documentElement.outerHTML,
        { ...localStorage },
        { ...sessionStorage },
        Object.keys(window),
      ]),
    );
    for (const secret of [accessToken, refreshToken ?? 'missing']) {
      expect(reachable).not.toContain(secret);
      expect(JSON.stringify(crossed)).not.toContain(secret);
      expect(logLines.join('\n')).not.toContain(secret);
    }
    expect(logLines.join('\n')).not.toContain(new URL(callbackUrl).searchParams.get('code') ?? 'missing');

    await page.click('#sign-out');
    await expect.poll(() => screen.getAttribute('data-state')).toBe('signed-out');
    await page.screenshot({ path: join(screenshots, 'e2e-5-signed-out-again.png') });
    expect(
      await createKeytarSecretStore(config.keychainService).get(
        keychainAccounts(config.issuer, config.clientId).refreshToken,
      ),
    ).toBeUndefined();
    await renderer.close();
  });

  it('copies a sign-in link, pushed again per copy, that signs in from another browser once and only once', async () => {
    const { fake, renderer, page, logLines, crossed } = await startDesktopApp();
    const screen = page.locator('#screen');
    await page.click('#sign-in');
    await expect.poll(() => screen.getAttribute('data-state')).toBe('awaiting-browser');
    await page.focus('#copy-sign-in-link');
    await page.keyboard.press('Enter');
    await page.locator('#sign-in-link-copied').waitFor();
    const earlier = fake.clipboard.text;
    await page.keyboard.press('Enter'); // copy again: PAR's request_uri is single-use (RFC 9126 §4)
    await expect.poll(() => fake.clipboard.text).not.toBe(earlier);
    const link = fake.clipboard.text;
    await expect.poll(() => page.textContent('#status')).toMatch(/^Sign-in link copied\. It works once/);
    await page.screenshot({ path: join(screenshots, 'e2e-sign-in-link-copied.png') });

    const requestUri = (href: string) => new URL(href).searchParams.get('request_uri') ?? 'missing';
    const requestUris = [fake.shell.opened[0]!, earlier, link].map(requestUri);
    expect(new Set(requestUris).size).toBe(3);
    expect(fake.shell.opened).toHaveLength(1); // copying opened no browser
    expect([...new URL(link).searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(link).not.toMatch(/code_verifier|client_secret/);
    // The link stays in main: not in what crossed to the renderer, not in the page, not in the log.
    const rendered = await page.content();
    for (const uri of requestUris) {
      expect(JSON.stringify(crossed)).not.toContain(uri);
      expect(rendered).not.toContain(uri);
      expect(logLines.join('\n')).not.toContain(uri);
    }

    // Another browser (a fresh Chromium) opens the copied link; the OS hands the redirect back.
    fake.app.emit('second-instance', {}, ['/opt/app/desktop', await completeLoginInChromium(link)], '/');
    await expect.poll(() => screen.getAttribute('data-state')).toBe('signed-in');
    await expect.poll(() => page.textContent('#user-name')).toContain(DEMO_USER.name);

    // Used once, the pushed request is gone at the provider.
    await expect(completeLoginInChromium(link)).rejects.toThrow(
      /request_uri is invalid, expired, or was already used/,
    );
    // The demo (oidc-provider) does not retire an earlier, unused request_uri when a new one is
    // pushed; it lapses after 60 s. Its redirect answers an attempt that is over, which the app refuses.
    const late = await completeLoginInChromium(earlier);
    expect(new URL(late).searchParams.has('code')).toBe(true);
    fake.app.emit('second-instance', {}, ['/opt/app/desktop', late], '/');
    await expect.poll(() => page.locator('#error').getAttribute('data-code')).toBe('callback_stale');
    expect(await screen.getAttribute('data-state')).toBe('signed-in');
    await page.click('#sign-out');
    await expect.poll(() => screen.getAttribute('data-state')).toBe('signed-out');
    await renderer.close();
  });

  it('shows a specific message when the user denies access in the browser', async () => {
    const { fake, renderer, page } = await startDesktopApp();
    await page.click('#sign-in');
    await expect.poll(() => fake.shell.opened.length).toBe(1);
    const callbackUrl = await completeLoginInChromium(fake.shell.opened[0]!, { consent: 'deny' });
    fake.app.emit('second-instance', {}, ['/opt/app/desktop', callbackUrl], '/');
    await expect.poll(() => page.textContent('#error')).toMatch(/denied/i);
    await page.screenshot({ path: join(screenshots, 'e2e-6-access-denied.png') });
    await renderer.close();
  });

  it('cancels a sign-in while waiting for the browser and refuses its late redirect', async () => {
    const { fake, renderer, page } = await startDesktopApp();
    await page.click('#sign-in');
    await expect.poll(() => page.locator('#screen').getAttribute('data-state')).toBe('awaiting-browser');
    await page.click('#cancel');
    await expect.poll(() => page.locator('#screen').getAttribute('data-state')).toBe('signed-out');
    const callbackUrl = await completeLoginInChromium(fake.shell.opened[0]!);
    fake.app.emit('second-instance', {}, ['/opt/app/desktop', callbackUrl], '/');
    await expect.poll(() => page.textContent('#error')).toMatch(/already been used or has expired/);
    await renderer.close();
  });

  it('signs in through a loopback redirect that Chromium really navigates to', async () => {
    const { fake, renderer, page } = await startDesktopApp({ redirect: 'loopback' });
    await page.click('#sign-in');
    await expect.poll(() => fake.shell.opened.length).toBe(1);
    let landing = '';
    const callbackUrl = await completeLoginInChromium(fake.shell.opened[0]!, {
      followLoopback: true,
      screenshotDir: screenshots,
      onLanding: (text) => (landing = text),
    });
    expect(callbackUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
    expect(landing).toContain('You are signed in');
    await expect.poll(() => page.locator('#screen').getAttribute('data-state')).toBe('signed-in');
    await page.click('#sign-out');
    await expect.poll(() => page.locator('#screen').getAttribute('data-state')).toBe('signed-out');
    await renderer.close();
  });

  it('offers the provider check after a failed sign-in and shows its fixes in the window', async () => {
    const { fake, renderer, page } = await startDesktopApp({ clientId: 'not-registered-here' });
    await page.click('#sign-in');
    await expect.poll(() => page.locator('#error').getAttribute('data-code')).toBe('provider_error');
    expect(fake.shell.opened).toEqual([]); // the pushed request was refused: no browser
    await page.click('#check-provider');
    const panel = page.locator('#provider-check');
    await panel.waitFor();
    expect(await page.locator('#provider-check-summary').innerText()).toMatch(/problems? found/);
    const redirect = panel.locator('tr[data-check="redirect-scheme"]');
    expect(await redirect.getAttribute('data-status')).toBe('fail');
    expect(await redirect.innerText()).toContain('not-registered-here');
    expect(await panel.locator('tr[data-check="metadata"]').getAttribute('data-status')).toBe('ok');
    await page.screenshot({ path: join(screenshots, 'e2e-provider-check.png'), fullPage: true });
    await page.click('#copy-details');
    await expect.poll(() => fake.clipboard.text).toContain('Error: provider_error:');
    expect(fake.clipboard.text).toContain(`Identity provider: ${config.issuer}`);
    await renderer.close();
  });

  it('works from the keyboard alone: Tab and Enter through sign-in, API call and sign-out', async () => {
    const { fake, renderer, page } = await startDesktopApp();
    const screen = page.locator('#screen');
    /** Tab until the control with `id` has focus, as a keyboard user would, then press Enter. */
    const activate = async (id: string) => {
      for (let presses = 0; presses < 15; presses += 1) {
        if (await page.evaluate((target) => document.activeElement?.id === target, id)) break;
        await page.keyboard.press('Tab');
      }
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
      await page.keyboard.press('Enter');
    };

    await expect.poll(() => screen.getAttribute('data-state')).toBe('signed-out');
    await activate('sign-in');
    await expect.poll(() => fake.shell.opened.length).toBe(1);
    fake.app.emit(
      'second-instance',
      {},
      ['/opt/app/desktop', await completeLoginInChromium(fake.shell.opened[0]!)],
      '/',
    );
    await expect.poll(() => screen.getAttribute('data-state')).toBe('signed-in');
    await activate('call-api');
    await expect.poll(() => page.textContent('#api-status')).toContain('200');
    await activate('sign-out');
    await expect.poll(() => screen.getAttribute('data-state')).toBe('signed-out');
    await renderer.close();
  });
});
