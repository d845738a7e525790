import * as oauth from 'oauth4webapi';
import { isPlainHttpOnLoopback } from '../policy/loopback.js';
import type { HttpFetch } from '../ports.js';

/**
 * Read an API's protected resource metadata (RFC 9728 §3) from the URL its challenge named
 * (§5.1), through the app's one fetch port. See {@link readResourceMetadata} for what comes back.
 */
export function fetchResourceMetadata(
  fetch: HttpFetch,
  resource: URL,
  metadataUrl: URL,
  timeoutSeconds: number,
): Promise<oauth.ResourceServer | undefined> {
  const response = fetch(metadataUrl.href, {
    method: 'GET',
    headers: { accept: 'application/json' },
    body: undefined,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutSeconds * 1000),
  });
  return readResourceMetadata(resource, response);
}

/**
 * Read an API's protected resource metadata from its well-known URL, which oauth4webapi derives
 * from the resource identifier (RFC 9728 §3.1), through the app's one fetch port.
 */
export function discoverResourceMetadata(
  fetch: HttpFetch,
  resource: URL,
  timeoutSeconds: number,
): Promise<oauth.ResourceServer | undefined> {
  const response = oauth.resourceDiscoveryRequest(resource, {
    [oauth.customFetch]: fetch,
    [oauth.allowInsecureRequests]: isPlainHttpOnLoopback(resource),
    signal: AbortSignal.timeout(timeoutSeconds * 1000),
  });
  return readResourceMetadata(resource, response);
}

/**
 * Undefined when there is none to read (unreachable, not 200): metadata is optional. A document
 * that is there but wrong throws: oauth4webapi checks that its `resource` is the API the app
 * called (§3.3), so metadata for another resource is refused.
 */
async function readResourceMetadata(
  resource: URL,
  pending: Promise<Response>,
): Promise<oauth.ResourceServer | undefined> {
  const response = await pending.catch(() => undefined);
  if (response?.status !== 200) {
    await response?.body?.cancel();
    return undefined;
  }
  return oauth.processResourceDiscoveryResponse(resource, response);
}

/**
 * Whether the API takes tokens from this issuer: it is among `authorization_servers` (RFC 9728
 * §2), compared exactly as published (RFC 8414 §3.3). An API that names none says nothing against it.
 */
export function acceptsIssuer(metadata: oauth.ResourceServer, issuer: string): boolean {
  const servers = metadata.authorization_servers;
  return servers === undefined || servers.includes(issuer);
}
