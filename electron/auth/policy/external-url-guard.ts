import { isHttpsOrLoopback } from './loopback.js';

/**
 * Whether a URL may be handed to the OS to open. Only the provider's own endpoints qualify (the
 * authorization endpoint, and the end-session endpoint for logout): same origin and path, any
 * query, over https or, for the demo, http on loopback. Anything else, however it got here, is
 * refused: `shell.openExternal` on an untrusted URL can launch arbitrary protocol handlers.
 */
export function isAllowedExternalUrl(url: URL, endpoints: ReadonlyArray<string | undefined>): boolean {
  return endpoints.some((endpoint) => matchesEndpoint(url, endpoint));
}

function matchesEndpoint(url: URL, allowed: string | undefined): boolean {
  if (allowed === undefined || !URL.canParse(allowed)) return false;
  const endpoint = new URL(allowed);
  return (
    isHttpsOrLoopback(url) &&
    url.username === '' &&
    url.password === '' &&
    url.hash === '' &&
    url.origin === endpoint.origin &&
    url.pathname === endpoint.pathname
  );
}
