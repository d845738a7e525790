import type { AppConfig } from '../electron/auth/config/config.js';
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

/** The configured API, or else the provider's userinfo endpoint (OIDC Core §5.3). */
export function apiTarget(
  config: AppConfig,
  userinfo: string | undefined,
  apiPath: string,
): { base: string; path: string } | undefined {
  if (config.apiBaseUrl) return { base: config.apiBaseUrl, path: apiPath };
  if (!userinfo) return undefined;
  const url = new URL(userinfo);
  return { base: new URL('.', url).href, path: `/${url.pathname.split('/').at(-1) ?? ''}` };
}
