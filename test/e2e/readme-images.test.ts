import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverDemoProvider } from '../../demo/bare-client.js';
import { DEMO_CLIENT_ID } from '../../demo/demo-constants.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import { createKeytarSecretStore } from '../../electron/adapters/keytar-secret-store.js';
import { keychainAccounts } from '../../electron/auth/tokens/refresh-token-vault.js';
import {
  type BuiltApp,
  launchBuiltApp,
  prepareBuiltApp,
  writeShippedConfig,
} from '../../harness/built-app/built-app.js';
import { openBuiltRenderer } from '../../harness/built-app/built-renderer.js';
import { completeLoginInChromium, launchChromium } from '../support/demo-login-browser.js';
import { provenanceOf, rendererBuildId, withProvenance } from '../support/png-provenance.js';

/**
 * The README's pictures come from the app as built, against a real demo run, in the state their
 * caption names. Each carries the renderer build it shows; `npm run readme-images` writes them to
 * docs/, and a test fails when one the README uses shows another build than the current one.
 */
const rendererDir = resolve('out/renderer');
const generated = resolve('test-results/readme-images');
const update = process.env['UPDATE_README_IMAGES'] === '1';
const keychainService = `com.example.desktop.readme-${process.pid}`;

let demo: RunningDemo;
let shortLived: RunningDemo;
let browser: Browser;
let workDir: string;
let buildId: string;
const running: BuiltApp[] = [];

beforeAll(async () => {
  await prepareBuiltApp();
  buildId = rendererBuildId(rendererDir);
  await mkdir(generated, { recursive: true });
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  shortLived = await startDemo({ providerPort: 0, apiPort: 0, accessTokenTtlSeconds: 4 });
  browser = await launchChromium();
  workDir = await mkdtemp(join(tmpdir(), 'readme-images-'));
});

afterAll(async () => {
  for (const app of running) await app.stop();
  const keychain = createKeytarSecretStore(keychainService);
  for (const issuer of [demo.issuer, shortLived.issuer]) {
    for (const account of Object.values(keychainAccounts(issuer, DEMO_CLIENT_ID)))
      await keychain.delete(account);
  }
  await browser?.close();
  await demo?.close();
  await shortLived?.close();
  await rm(workDir, { recursive: true, force: true });
});

/** The images the README shows, by file name. */
async function readmeImages(): Promise<string[]> {
  const readme = await readFile('README.md', 'utf8');
  return [...new Set([...readme.matchAll(/\]\(docs\/([\w.-]+\.png)\)/g)].map(([, name]) => name ?? ''))];
}

/** Save what the window shows, marked with the renderer build and the state it is in. */
async function shoot(page: Page, name: string, state: string, theme: 'light' | 'dark' = 'light') {
  await page.emulateMedia({ colorScheme: theme });
  const png = withProvenance(await page.screenshot({ fullPage: true }), `renderer ${buildId}; ${state}`);
  await writeFile(join(generated, name), png);
  if (update) await writeFile(resolve('docs', name), png);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The built app on the shipped configuration, pointed at a demo run. */
async function startApp(target: RunningDemo, overrides: Record<string, unknown> = {}) {
  const configPath = await writeShippedConfig(join(workDir, `config-${running.length}.json`), target, {
    keychainService,
    ...overrides,
  });
  const app = await launchBuiltApp({ configPath, userData: join(workDir, `user-data-${running.length}`) });
  running.push(app);
  app.ready();
  const renderer = await openBuiltRenderer(app, browser);
  const state = () => renderer.page.locator('#screen').getAttribute('data-state');
  await expect.poll(state).toBe('signed-out');
  return { app, renderer, page: renderer.page, state };
}

async function signIn(app: BuiltApp, page: Page, state: () => Promise<string | null>) {
  await page.click('#sign-in');
  const opened = await app.waitFor((a) => a.all('opened').at(-1)?.url, 'the system browser to open');
  await expect.poll(state).toBe('awaiting-browser');
  const callback = await completeLoginInChromium(opened);
  app.secondInstance(['/opt/app/desktop', callback]);
  await expect.poll(state).toBe('signed-in');
}

describe('the README images, from the app as built and a real demo run', () => {
  it('waiting for the browser, then signed in after calling the API, in both themes', async () => {
    const { app, page, state } = await startApp(demo, { redirect: 'scheme' });
    await page.click('#sign-in');
    await expect.poll(state).toBe('awaiting-browser');
    await shoot(page, 'screen-waiting-dark.png', 'waiting for the browser', 'dark');
    const opened = await app.waitFor((a) => a.all('opened')[0]?.url, 'the system browser to open');
    app.secondInstance(['/opt/app/desktop', await completeLoginInChromium(opened)]);
    await expect.poll(state).toBe('signed-in');
    await page.click('#call-api');
    await expect.poll(() => page.textContent('#api-status')).toContain('200');
    await shoot(page, 'signed-in.png', 'signed in, after calling the API');
    await shoot(page, 'screen-signed-in-light.png', 'signed in, after calling the API');
    await shoot(page, 'screen-signed-in-dark.png', 'signed in, after calling the API', 'dark');
    await page.click('#sign-out');
    await expect.poll(state).toBe('signed-out');
  });

  it('the session ended (its refresh token revoked): sign in again as the same user', async () => {
    const { app, page, state } = await startApp(shortLived, { redirect: 'scheme', dpop: false });
    await signIn(app, page, state);
    const refreshToken = await createKeytarSecretStore(keychainService).get(
      keychainAccounts(shortLived.issuer, DEMO_CLIENT_ID).refreshToken,
    );
    await oidc.tokenRevocation(await discoverDemoProvider(shortLived.issuer), refreshToken ?? '');
    // The app's own planned refresh, shortly before the 4 s access token expires, meets invalid_grant.
    await page.locator('#sign-in-again').waitFor({ timeout: 15_000 });
    await shoot(page, 'screen-session-ended-light.png', 'the session ended');
  });

  it('the provider check in the window after a failed sign-in', async () => {
    const { page } = await startApp(demo, { redirect: 'scheme', clientId: 'not-registered-here' });
    await page.click('#sign-in');
    await expect.poll(() => page.locator('#error').getAttribute('data-code')).toBe('provider_error');
    await page.click('#check-provider');
    await page.locator('#provider-check').waitFor();
    await shoot(page, 'provider-check.png', 'the provider check after a failed sign-in');
  });

  it('the API asks for more (scope, then a second factor), answered in the browser, as built', async () => {
    const { app, page, state } = await startApp(demo, { redirect: 'scheme' });
    await signIn(app, page, state);
    const stepUp = async (action: string, shot: string, caption: string, secondFactorCode?: string) => {
      await page.click(action);
      await page.locator('#api-ask').waitFor();
      await shoot(page, shot, caption);
      const before = app.all('opened').length;
      await page.click('#step-up-continue');
      const opened = await app.waitFor((a) => a.all('opened')[before]?.url, 'the browser for the step-up');
      await page.locator('#step-up-wait').waitFor();
      const callback = await completeLoginInChromium(opened, secondFactorCode ? { secondFactorCode } : {});
      app.secondInstance(['/opt/app/desktop', callback]);
      await expect.poll(() => page.textContent('#api-status')).toBe('HTTP 200 OK');
      expect(await page.locator('#api-ask').count()).toBe(0);
    };
    await stepUp('#api-action-0', 'ask-scope.png', 'the API asks for a permission');
    await stepUp(
      '#api-action-1',
      'ask-authentication.png',
      'the API asks for a second factor',
      demo.secondFactorCode,
    );
    expect(await page.textContent('#scopes')).toContain('appointments:write');
  });

  it('the README shows only images of the current renderer build', async () => {
    const images = await readmeImages();
    expect(images.length).toBeGreaterThanOrEqual(5);
    for (const name of images) {
      const source = provenanceOf(await readFile(resolve('docs', name)));
      expect(
        source?.startsWith(`renderer ${buildId};`),
        `docs/${name} (${source ?? 'no provenance'}) is not from this build: run npm run readme-images`,
      ).toBe(true);
    }
  });
});
