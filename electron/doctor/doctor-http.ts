import type { HttpFetch } from '../auth/ports.js';

/**
 * The platform's fetch in the shape of openid-client's seam, so every request the doctor makes,
 * its own and the library's, goes through the one function a caller may replace.
 */
export const platformFetch: HttpFetch = (url, init) =>
  fetch(url, { ...init, body: (init.body ?? null) as BodyInit | null });

/**
 * A GET that never follows redirects: where the provider sends the browser is the answer the
 * redirect check classifies (RFC 6749 §4.1.2.1), and following it could leave the provider.
 */
export function httpGet(fetch: HttpFetch, url: string, timeoutSeconds: number): Promise<Response> {
  return fetch(url, {
    method: 'GET',
    headers: { accept: 'text/html,application/json' },
    body: undefined,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutSeconds * 1000),
  });
}

/** A JSON object read with {@link httpGet}; throws on any other answer. */
export async function getJson(
  fetch: HttpFetch,
  url: string,
  timeoutSeconds: number,
): Promise<Record<string, unknown>> {
  const response = await httpGet(fetch, url, timeoutSeconds);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const value: unknown = await response.json();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}
