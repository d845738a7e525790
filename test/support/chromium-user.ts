import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_SCHEME } from '../../demo/demo-constants.js';
import { launchChromium } from './demo-login-browser.js';

/**
 * One person's browser across several visits: the provider's session cookie survives between
 * sign-in, logout and the next sign-in, as it does in a real system browser.
 */
export class ChromiumUser {
  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
  ) {}

  static async start(): Promise<ChromiumUser> {
    const browser = await launchChromium();
    return new ChromiumUser(browser, await browser.newContext());
  }

  /**
   * Open a URL the app handed to the OS and return the page plus the redirect to the app's scheme
   * (Chromium aborts that navigation but reports the request, which is what the OS would deliver).
   */
  async open(url: string): Promise<{ page: Page; redirect: Promise<string> }> {
    const page = await this.context.newPage();
    const redirect = new Promise<string>((resolve) => {
      page.on('request', (request) => {
        if (request.url().startsWith(`${DEMO_SCHEME}:`)) resolve(request.url());
      });
    });
    await page.goto(url).catch(() => undefined);
    return { page, redirect };
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
