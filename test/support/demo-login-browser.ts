import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { DEMO_LOOPBACK_REDIRECT_URI, DEMO_SCHEME, DEMO_USER } from '../../demo/demo-constants.js';
import { launchChromium } from '../../smoke/chromium.js';
import type { DemoLoginOptions } from '../../demo/login-over-http.js';

const STEP_TIMEOUT_MS = 15_000;

/** The tests launch the same Chromium as `npm run smoke` (Debian's `/usr/bin/chromium`, quiet flags). */
export { launchChromium };

/** Options of {@link completeLoginInChromium}. */
export interface BrowserLoginOptions extends DemoLoginOptions {
  /** When set, `login.png`, `second-factor.png` (when asked) and `consent.png` are saved here. */
  readonly screenshotDir?: string;
  /** Let Chromium really load a loopback redirect URI (RFC 8252 §7.3); otherwise it is only captured. */
  readonly followLoopback?: boolean;
  /** Receives the text of the page the loopback listener answered with. */
  readonly onLanding?: (text: string) => void;
}

/**
 * Fails every request to `origin`, redirects included, while Playwright still reports it as a
 * `request`. Playwright's page.route() cannot do this: it never sees redirects, and once it is on,
 * Chromium reports a redirect to the private-use scheme as a bare failure. A CDP Fetch pattern
 * limited to the loopback origin has neither problem.
 */
async function blockLoopbackCallbacks(page: Page): Promise<void> {
  const { hostname, pathname } = new URL(DEMO_LOOPBACK_REDIRECT_URI);
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Fetch.requestPaused', ({ requestId }) => {
    void cdp.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' }).catch(() => undefined);
  });
  await cdp.send('Fetch.enable', {
    patterns: [{ urlPattern: `http://${hostname}:*${pathname}*`, requestStage: 'Request' }],
  });
}

async function screenshot(page: Page, dir: string | undefined, name: string): Promise<void> {
  if (dir === undefined) return;
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * Drives the demo provider's real login, second-factor (when the request asks for
 * `urn:example:mfa`; pass `secondFactorCode`) and consent pages in headless Chromium and returns
 * the authorization response URL (RFC 6749 §4.1.2).
 *
 * Chromium cannot open the private-use scheme (RFC 8252 §7.1): it aborts that navigation, but it
 * still reports the request it was about to make, so the full `com.example.desktop:/callback?…`
 * URL is taken from the page's `request` event — exactly what the OS would hand to the app. A
 * loopback redirect is captured the same way and then either really loaded (`followLoopback`) or
 * blocked, so nothing needs to listen there.
 */
export async function completeLoginInChromium(
  authorizationUrl: string,
  options: BrowserLoginOptions = {},
): Promise<string> {
  const providerOrigin = new URL(authorizationUrl).origin;
  const isRedirectTarget = (url: URL): boolean =>
    url.protocol === `${DEMO_SCHEME}:` || (url.protocol.startsWith('http') && url.origin !== providerOrigin);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    let captured: string | undefined;
    const reachedRedirect = new Promise<string>((resolve) => {
      page.on('request', (request) => {
        if (captured === undefined && isRedirectTarget(new URL(request.url()))) {
          captured = request.url();
          resolve(captured);
        }
      });
    });
    // The request may have been pushed (RFC 9126), so its redirect_uri is not in the URL: block the
    // demo's loopback callback path on any port instead.
    if (!options.followLoopback) await blockLoopbackCallbacks(page);

    // Navigations that end on the private-use scheme are aborted by design; the request is captured.
    await page.goto(authorizationUrl).catch((error: unknown) => {
      if (captured === undefined) throw error;
    });
    const landmark = page.locator('#error, #username, #code, #allow').first();
    for (let step = 0; step < 4 && captured === undefined; step += 1) {
      await Promise.race([reachedRedirect, landmark.waitFor({ timeout: STEP_TIMEOUT_MS })]);
      if (captured !== undefined) break;
      if (await page.locator('#error').isVisible()) {
        throw new Error(
          `demo provider page shows an error: ${(await page.locator('#error').innerText()).trim()}`,
        );
      }
      if (await page.locator('#username').isVisible()) {
        await page.fill('#username', options.username ?? DEMO_USER.username);
        await page.fill('#password', options.password ?? DEMO_USER.password);
        await screenshot(page, options.screenshotDir, 'login');
        await Promise.all([page.waitForEvent('framenavigated'), page.click('#sign-in')]);
      } else if (await page.locator('#code').isVisible()) {
        if (options.secondFactorCode === undefined) {
          throw new Error('the demo provider asks for a one-time code, and none was given');
        }
        await page.fill('#code', options.secondFactorCode);
        await screenshot(page, options.screenshotDir, 'second-factor');
        await Promise.all([page.waitForEvent('framenavigated'), page.click('#verify')]);
      } else {
        await screenshot(page, options.screenshotDir, 'consent');
        await page.click(options.consent === 'deny' ? '#deny' : '#allow', { noWaitAfter: true });
        break;
      }
    }
    const redirect = await withTimeout(reachedRedirect, STEP_TIMEOUT_MS, 'the redirect to the client');
    const target = new URL(redirect);
    if (options.followLoopback && target.protocol === 'http:') {
      await page.waitForURL((url) => url.origin === target.origin, { timeout: STEP_TIMEOUT_MS });
      await page.waitForLoadState('load');
      await screenshot(page, options.screenshotDir, 'loopback-landing');
      options.onLanding?.(await page.locator('body').innerText());
    }
    return redirect;
  } finally {
    await browser.close();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
