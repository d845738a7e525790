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
