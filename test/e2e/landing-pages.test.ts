import type { RedirectOutcome } from '../../electron/auth/ports.js';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackRedirect } from '../../electron/adapters/loopback-redirect.js';
import { launchChromium } from '../support/demo-login-browser.js';

const screenshots = resolve('test-results/screenshots');
let browser: Browser;

beforeAll(async () => {
  await mkdir(screenshots, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('loopback landing pages in Chromium (RFC 8252 §7.3)', () => {
  it.each([
    ['completed', 200, 'You are signed in', 'You can close this tab and return to Desktop OAuth Reference.'],
    [
      'failed',
      400,
      'Sign-in did not complete',
      'Return to Desktop OAuth Reference to see why and to try again.',
    ],
    [
      'failed',
      400,
      'Sign-in did not complete',
      'Access was denied, or the sign-in was cancelled. Return to Desktop OAuth Reference to try again.',
    ],
    [
      'rejected',
      400,
      'This sign-in link has already been used or has expired',
      'Return to Desktop OAuth Reference',
    ],
  ] as const)('%s: HTTP %i, "%s", no script and nothing echoed', async (outcome, status, title, body) => {
    const redirect = await loopbackRedirect('http://127.0.0.1/callback', 'Desktop OAuth Reference').open(() =>
      Promise.resolve<RedirectOutcome>(outcome),
    );
    const page = await browser.newPage();
    const problems: string[] = [];
    // Chromium reports the 400 status itself as a console error; anything else is a real problem.
    page.on('console', (message) => {
      if (!message.text().startsWith('Failed to load resource')) problems.push(message.text());
    });
    try {
      const response = await page.goto(
        `${redirect.redirectUri}?code=abc&state=xyz${body.startsWith('Access') ? '&error=access_denied' : ''}&error_description=${encodeURIComponent('<script>alert(1)</script>')}`,
      );
      expect(response?.status()).toBe(status);
      expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
      expect(await page.locator('h1').innerText()).toBe(title);
      expect(await page.locator('main').innerText()).toContain(body);
      const html = await page.content();
      expect(html).not.toMatch(/<script|alert\(1\)|abc|xyz/);
      const name = body.startsWith('Access') ? 'failed-provider-error' : outcome;
      await page.screenshot({ path: join(screenshots, `landing-${name}.png`) });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      redirect.close();
    }
  });
});
