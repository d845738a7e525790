import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_ACR_MFA, DEMO_OTHER_USER, DEMO_REDIRECT_URI, DEMO_USER } from '../../demo/demo-constants.js';
import { startDemoProvider } from '../../demo/provider.js';
import type { DemoProvider } from '../../demo/provider.js';
import { completeLoginInChromium, launchChromium } from '../support/demo-login-browser.js';
import { buildDemoAuthorization, discoverDemoProvider, redeemDemoCallback } from '../../demo/bare-client.js';

let provider: DemoProvider;
let screenshotDir: string;

beforeAll(async () => {
  provider = await startDemoProvider({ port: 0 });
  screenshotDir = await mkdtemp(join(tmpdir(), 'demo-login-'));
});

afterAll(async () => {
  await provider?.close();
  if (screenshotDir) await rm(screenshotDir, { recursive: true, force: true });
});

describe('demo login pages in Chromium', () => {
  it('signs in through the real pages and yields a private-use-scheme callback with code, state and iss', async () => {
    const config = await discoverDemoProvider(provider.issuer);
    const pending = await buildDemoAuthorization(config);
    const callback = await completeLoginInChromium(pending.url.href, { screenshotDir });

    const url = new URL(callback);
    expect(`${url.protocol}${url.pathname}`).toBe(DEMO_REDIRECT_URI);
    expect(url.searchParams.get('code')).toEqual(expect.any(String));
    expect(url.searchParams.get('state')).toBe(pending.state);
    expect(url.searchParams.get('iss')).toBe(provider.issuer);
    expect(existsSync(join(screenshotDir, 'login.png'))).toBe(true);
    expect(existsSync(join(screenshotDir, 'consent.png'))).toBe(true);

    const tokens = await redeemDemoCallback(config, pending, callback);
    expect(tokens.claims()?.sub).toBe(DEMO_USER.subject);
  });

  it('follows a loopback redirect on an ephemeral port only when asked (RFC 8252 §7.3)', async () => {
    const received: string[] = [];
    const listener = createServer((req, res) => {
      received.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' }).end('You can return to the app.');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = listener.address() as AddressInfo;
      const config = await discoverDemoProvider(provider.issuer);
      const pending = await buildDemoAuthorization(config, {
        redirect_uri: `http://127.0.0.1:${port}/callback`,
      });
      const callback = await completeLoginInChromium(pending.url.href, { followLoopback: true });

      expect(new URL(callback).searchParams.get('state')).toBe(pending.state);
      const callbacks = received.filter((path) => path.startsWith('/callback?'));
      expect(callbacks).toEqual([callback.slice(`http://127.0.0.1:${port}`.length)]);

      const notFollowed = await buildDemoAuthorization(config, {
        redirect_uri: `http://127.0.0.1:${port}/callback`,
      });
      const captured = await completeLoginInChromium(notFollowed.url.href);
      expect(new URL(captured).searchParams.get('state')).toBe(notFollowed.state);
      expect(received.filter((path) => path.startsWith('/callback?'))).toHaveLength(1);
    } finally {
      listener.closeAllConnections();
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it('reports the error shown for a wrong password', async () => {
    const pending = await buildDemoAuthorization(await discoverDemoProvider(provider.issuer));
    await expect(completeLoginInChromium(pending.url.href, { password: 'nope' })).rejects.toThrow(
      /Wrong username or password/,
    );
  });

  it('passes the second-factor page as another account when the request asks for mfa', async () => {
    const config = await discoverDemoProvider(provider.issuer);
    const pending = await buildDemoAuthorization(config, { acr_values: DEMO_ACR_MFA });
    const callback = await completeLoginInChromium(pending.url.href, {
      username: DEMO_OTHER_USER.username,
      password: DEMO_OTHER_USER.password,
      secondFactorCode: provider.secondFactorCode,
      screenshotDir,
    });
    expect(existsSync(join(screenshotDir, 'second-factor.png'))).toBe(true);
    const tokens = await redeemDemoCallback(config, pending, callback);
    expect(tokens.claims()).toMatchObject({ sub: DEMO_OTHER_USER.subject, acr: DEMO_ACR_MFA });
  });

  it('reports the error shown for a wrong one-time code', async () => {
    const config = await discoverDemoProvider(provider.issuer);
    const pending = await buildDemoAuthorization(config, { acr_values: DEMO_ACR_MFA });
    const wrong = provider.secondFactorCode === '000000' ? '000001' : '000000';
    await expect(completeLoginInChromium(pending.url.href, { secondFactorCode: wrong })).rejects.toThrow(
      /Wrong code/,
    );
  });

  it('offers the code field as a labelled, focused one-time-code input in a page with one h1', async () => {
    const pending = await buildDemoAuthorization(await discoverDemoProvider(provider.issuer), {
      acr_values: DEMO_ACR_MFA,
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(pending.url.href);
      await page.fill('#username', DEMO_USER.username);
      await page.fill('#password', DEMO_USER.password);
      await Promise.all([page.waitForURL(/\/interaction\/(?!.*\/login$)/), page.click('#sign-in')]);
      await page.locator('#code').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('h1').allInnerTexts()).toEqual(['Enter your code']);
      const field = page.getByLabel('One-time code');
      expect(await field.getAttribute('autocomplete')).toBe('one-time-code');
      expect(await field.getAttribute('inputmode')).toBe('numeric');
      expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
