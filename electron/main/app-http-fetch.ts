import { createElectronNetFetch } from '../adapters/electron-net-fetch.js';
import { createEnvProxyFetch } from '../adapters/env-proxy-fetch.js';
import type { HttpStack } from '../auth/config/config.js';
import type { HttpFetch } from '../auth/ports.js';
import type { ElectronSurface } from './electron-surface.js';

/**
 * The one fetch for all HTTP from the app's main process (provider, API, "Check provider
 * configuration"), by the `httpStack` setting:
 *
 * - `chromium` (the default): Electron's `net`, i.e. Chromium's network stack with the system
 *   proxy, PAC and the OS certificate store (see electron-net-fetch.ts). On a corporate network
 *   this is what reaches the provider the way the user's browser does.
 * - `node`: Node's fetch, through the proxy `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` name in `env`
 *   (the tools' fetch, env-proxy-fetch.ts). The entry point hands over the environment only in
 *   development; a packaged app reads none (as for its configuration), so there it is Node's
 *   fetch as is, with Node's CA list (a packaged app's fuses also turn off `NODE_EXTRA_CA_CERTS`).
 *
 * @throws {import('../adapters/proxy-settings.js').ProxySettingsError} for a proxy variable that is no proxy URL.
 */
export function createAppFetch(
  stack: HttpStack,
  electron: Pick<ElectronSurface, 'app' | 'net' | 'session'>,
  env: Readonly<Record<string, string | undefined>>,
): HttpFetch {
  if (stack === 'node') return createEnvProxyFetch(env).fetch;
  return createElectronNetFetch({
    request: (options) => electron.net.request(options),
    resolveProxy: (url) => electron.session.defaultSession.resolveProxy(url),
    isReady: () => electron.app.isReady(),
  });
}
