import { isLoopbackHost } from './loopback.js';

/**
 * Whether a URL may be handed to the OS to open. Only the provider's own authorization endpoint
 * qualifies (same origin and path; any query), over https or, for the demo, http on loopback.
 * Anything else, however it got here, is refused: `shell.openExternal` on an untrusted URL can
 * launch arbitrary protocol handlers.
 */
export function isAllowedExternalUrl(url: URL, authorizationEndpoint: string | undefined): boolean {
  if (authorizationEndpoint === undefined || !URL.canParse(authorizationEndpoint)) return false;
  const endpoint = new URL(authorizationEndpoint);
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  return (
    secure &&
    url.username === '' &&
    url.password === '' &&
    url.hash === '' &&
    url.origin === endpoint.origin &&
    url.pathname === endpoint.pathname
  );
}
