import { chromium, type Browser, type Page } from 'playwright-core';

/** Flags for a quiet Chromium that needs no sandbox (CI containers) and phones nowhere. */
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Launch the machine's Chromium to play the user's system browser: `CHROMIUM_PATH`, or Debian's
 * `/usr/bin/chromium`. Headless unless `headful` (a person logs in by hand, or watches).
 */
export function launchChromium(options: { readonly headful?: boolean } = {}): Promise<Browser> {
  const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  const args = options.headful ? QUIET_FLAGS : ['--headless', ...QUIET_FLAGS];
  // NO_AT_BRIDGE: no accessibility bus to start inside a private D-Bus session.
  return chromium.launch({
    executablePath,
    args,
    headless: !options.headful,
    env: { ...process.env, NO_AT_BRIDGE: '1' },
  });
}

/**
 * Resolves with the first request the page makes to the redirect URI's scheme or origin: the
 * authorization response (RFC 6749 §4.1.2) as the OS or the loopback listener receives it.
 * Chromium cannot open a private-use scheme, but it reports the request before aborting it.
 */
export function redirectRequest(page: Page, redirectUri: string): Promise<string> {
  const target = new URL(redirectUri);
  const isTarget = (url: URL): boolean =>
    target.protocol === 'http:' || target.protocol === 'https:'
      ? url.origin === target.origin && url.pathname === target.pathname
      : url.protocol === target.protocol;
  return new Promise((resolve) => {
    page.on('request', (request) => {
      const url = URL.parse(request.url());
      if (url && isTarget(url)) resolve(request.url());
    });
  });
}

/** Where the page is, for a failure message: origin, path and title, never the query. */
export async function describePage(page: Page): Promise<string> {
  const url = URL.parse(page.url());
  const where = url ? `${url.origin}${url.pathname}` : 'a blank page';
  const title = await page.title().catch(() => '');
  const alert = await page
    .locator('[role=alert]')
    .first()
    .innerText({ timeout: 500 })
    .catch(() => '');
  return [where, title && `"${title}"`, alert && `showing "${alert.trim().slice(0, 160)}"`]
    .filter(Boolean)
    .join(' ');
}
