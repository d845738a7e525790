import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { describePage } from './chromium.js';
import { type LoginStep, LoginStepsError, performLoginSteps } from './login-steps.js';
import { LATE, settleWithin } from './settle-within.js';
import { SmokeFailure } from './smoke-report.js';

export interface BrowserLoginOptions {
  readonly browser: () => Promise<Browser>;
  readonly authorizationUrl: URL;
  /** Whether a URL the page requests is the authorization response. */
  readonly isRedirect: (url: URL) => boolean;
  readonly loginSteps: readonly LoginStep[];
  readonly loginTimeoutSeconds: number;
  readonly screenshotsDir?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What the browser ended on: the redirect it made, and the page (for a loopback landing page). */
export interface BrowserLogin {
  readonly callbackUrl: string;
  readonly page: Page;
  /** The redirect request itself; a loopback listener's answer is its response. */
  readonly request: Request;
}

/**
 * Open the authorization request in Chromium, perform the login steps, and wait for the redirect
 * (RFC 6749 §4.1.2) until the login timeout. On a timeout the failure names the page the browser
 * stopped on. Screenshots are taken only of the provider's pages, before any redirect, so none
 * can show the authorization code.
 */
export async function loginInBrowser(options: BrowserLoginOptions): Promise<BrowserLogin> {
  const page = await (await options.browser()).newPage();
  try {
    return await loginOn(page, options);
  } catch (error) {
    // A login that failed leaves nothing running: its page, and the steps still waiting on it, end.
    await page.close().catch(() => undefined);
    throw error;
  }
}

async function loginOn(page: Page, options: BrowserLoginOptions): Promise<BrowserLogin> {
  let callbackUrl: string | undefined;
  const redirected = new Promise<Request>((resolve) => {
    page.on('request', (request) => {
      const url = URL.parse(request.url());
      if (callbackUrl === undefined && url && options.isRedirect(url)) {
        callbackUrl = request.url();
        resolve(request);
      }
    });
  });
  const deadline = Date.now() + options.loginTimeoutSeconds * 1000;
  const timedOut = async (): Promise<never> => {
    await screenshot(page, options.screenshotsDir, 'stopped');
    throw new SmokeFailure(
      'login_timeout',
      `The browser did not come back to the app within ${options.loginTimeoutSeconds} s; it stopped on ${await describePage(page)}.`,
    );
  };

  // A provider may redirect at once (no login page); Chromium then aborts the private-use scheme.
  await page
    .goto(options.authorizationUrl.href, { timeout: options.loginTimeoutSeconds * 1000 })
    .catch((error: unknown) => {
      if (callbackUrl === undefined) throw error;
    });
  if (callbackUrl === undefined) {
    await screenshot(page, options.screenshotsDir, 'login');
    // Once the provider redirects, the steps left are moot: it skipped pages (a second factor it
    // did not ask for, a consent already given).
    const performed = performLoginSteps(page, options.loginSteps, {
      deadline,
      env: options.env,
      done: () => callbackUrl !== undefined,
    });
    await Promise.race([performed, redirected]).catch((error: unknown) => {
      if (error instanceof LoginStepsError) throw new SmokeFailure('login_steps_invalid', error.message);
      return timedOut();
    });
  }
  const outcome = await settleWithin(redirected, deadline - Date.now());
  if (outcome === LATE) return timedOut();
  return { callbackUrl: outcome.url(), page, request: outcome };
}

async function screenshot(page: Page, dir: string | undefined, name: string): Promise<void> {
  if (dir === undefined || page.isClosed()) return;
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true }).catch(() => undefined);
}
