import type { AppConfig } from '../electron/auth/config/config.js';
import type { ApiMethod } from '../electron/shared/ipc-contract.js';
import { privateUseScheme } from '../electron/auth/redirect/redirect-scheme.js';

/** Whether a URL the browser requests is the authorization response for this run's redirect. */
export function redirectMatcher(context: {
  readonly redirect: 'scheme' | 'loopback';
  readonly config: AppConfig;
}): (url: URL) => boolean {
  if (context.redirect === 'scheme') {
    const scheme = privateUseScheme(context.config.redirectUri ?? '');
    return (url) => url.protocol === `${scheme}:`;
  }
  const loopback = new URL(context.config.loopbackRedirectUri);
  return (url) =>
    url.hostname === loopback.hostname &&
    url.pathname === loopback.pathname &&
    (loopback.port === '' || url.port === loopback.port);
}

/**
 * The configured API request (`apiRequest` below `apiBaseUrl`, as "Call API" sends it), or else a
 * GET of the provider's userinfo endpoint (OIDC Core §5.3).
 */
export function apiTarget(
  config: AppConfig,
  userinfo: string | undefined,
): { base: string; method: ApiMethod; path: string } | undefined {
  if (config.apiBaseUrl) return { base: config.apiBaseUrl, ...config.apiRequest };
  if (!userinfo) return undefined;
  const url = new URL(userinfo);
  return { base: new URL('.', url).href, method: 'GET', path: `/${url.pathname.split('/').at(-1) ?? ''}` };
}
