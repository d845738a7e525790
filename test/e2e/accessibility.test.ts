import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'electron-vite';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfoView, SessionView } from '../../electron/shared/ipc-contract.js';
import { launchChromium } from '../support/demo-login-browser.js';
import { axeViolations as violations } from '../support/axe.js';
import { openRenderer } from '../support/renderer-harness.js';

const rendererDir = resolve('out/renderer');
const screenshots = resolve('test-results/screenshots');
const MINUTE = 60_000;
const info: AppInfoView = {
  version: '0.1.0',
  issuer: 'https://id.example.com',
  redirectMode: 'auto',
  scheme: 'com.example.desktop',
  schemeRegistered: true,
  apiRequest: { method: 'GET', path: '/appointments' },
  apiActions: [],
};
const error = { code: 'access_denied', message: 'Sign-in was cancelled or access was denied.' } as const;
/** A provider check with every status, as the doctor reports it. */
const providerCheck = {
  ok: false,
  checks: [
    { id: 'metadata', title: 'Provider metadata', status: 'ok', detail: 'Discovery document read.' },
    {
      id: 'iss-parameter',
      title: 'Response iss (RFC 9207)',
      status: 'warn',
      detail: 'Not advertised.',
      fix: 'Use one redirect URI per provider.',
    },
    {
      id: 'redirect-scheme',
      title: 'Redirect URI (scheme)',
      status: 'fail',
      detail: 'Refused.',
      fix: 'Register the redirect URI.',
    },
    { id: 'dpop', title: 'DPoP (RFC 9449)', status: 'n/a', detail: 'Not offered.' },
  ],
};
const user = { subject: 'usr_1', name: 'Alice Example', email: 'alice@example.com' };
const SCREENS: Array<[string, SessionView]> = [
  ['signed out', { state: 'signed-out' }],
  ['signed out with an error', { state: 'signed-out', error }],
  [
    'session ended',
    {
      state: 'signed-out',
      error: { code: 'session_expired', message: 'Your session has ended. Please sign in again.' },
      previousUser: { subject: 'usr_1', name: 'Alice Example', email: 'alice@example.com' },
    },
  ],
  ['restoring', { state: 'restoring' }],
  [
    'waiting for the browser',
    { state: 'awaiting-browser', expiresAt: Date.now() + 5 * MINUTE, redirect: 'scheme' },
  ],
  ['finishing sign-in', { state: 'exchanging' }],
  [
    'signed in',
    {
      state: 'signed-in',
      user,
      issuer: info.issuer,
      scopes: ['openid', 'appointments:read'],
      accessTokenExpiresAt: Date.now() + 9 * MINUTE,
    },
  ],
];

let browser: Browser;

beforeAll(async () => {
  await mkdir(screenshots, { recursive: true });
  if (!existsSync(resolve(rendererDir, 'index.html'))) await build({ logLevel: 'warn' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('accessibility of every screen (axe-core in Chromium, light and dark)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it.each(SCREENS)(`%s (${scheme})`, async (_name, view) => {
      const renderer = await openRenderer({
        rendererDir,
        browser,
        bridge: {
          getInfo: () => Promise.resolve(info),
          getState: () => Promise.resolve(view),
          signIn: () => Promise.resolve({ ok: true, value: view }),
          cancel: () => Promise.resolve({ ok: true, value: view }),
          copySignInLink: () =>
            Promise.resolve({
              ok: true,
              value: { expiresAt: 'expiresAt' in view && view.expiresAt, pushed: true },
            }),
          signOut: () => Promise.resolve({ ok: true, value: view }),
          checkProvider: () => Promise.resolve({ ok: true, value: providerCheck }),
          request: () =>
            Promise.resolve({
              ok: true,
              value: {
                status: 401,
                headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
                body: { error: 'invalid_token' },
                challenge: { scheme: 'bearer', error: 'invalid_token' },
              },
            }),
        },
      });
      try {
        await renderer.page.emulateMedia({ colorScheme: scheme });
        await expect.poll(() => renderer.page.locator('#screen').getAttribute('data-state')).toBe(view.state);
        if (view.state === 'signed-in') {
          await renderer.page.click('#call-api');
          await renderer.page.locator('#api-status').waitFor();
        }
        if (view.state === 'awaiting-browser') {
          await renderer.page.click('#copy-sign-in-link');
          await renderer.page.locator('#sign-in-link-copied').waitFor();
        }
        if (view.state === 'signed-out' && view.error) {
          await renderer.page.click('#check-provider');
          await renderer.page.locator('#provider-check').waitFor();
        }
        expect(await violations(renderer.page)).toEqual([]);
        // Every screen in both themes, kept with the CI artifacts (README shows some of them).
        const name = `${scheme}-${_name.replaceAll(' ', '-')}`;
        await renderer.page.screenshot({ path: join(screenshots, `theme-${name}.png`), fullPage: true });
      } finally {
        await renderer.close();
      }
    });
  }

  it('finds a planted violation, so a clean result means something', async () => {
    const renderer = await openRenderer({
      rendererDir,
      browser,
      bridge: {
        getInfo: () => Promise.resolve(info),
        getState: () => Promise.resolve(SCREENS[0]![1]),
        signIn: () => Promise.resolve({}),
        cancel: () => Promise.resolve({}),
        signOut: () => Promise.resolve({}),
        request: () => Promise.resolve({}),
      },
    });
    try {
      await renderer.page.locator('#sign-in').waitFor();
      await renderer.page.evaluate(() => document.querySelector('#sign-in')?.replaceChildren());
      expect((await violations(renderer.page)).join('\n')).toMatch(/button-name/);
    } finally {
      await renderer.close();
    }
  });
});
