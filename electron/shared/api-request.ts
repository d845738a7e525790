import type { ApiMethod } from './ipc-contract.js';

/** The methods the renderer may use; anything else is refused before a request is built. */
export const API_METHODS: readonly ApiMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The request "Call API" makes to the protected API when the configuration names none
 * (`apiRequest`, DESIGN §1.7). Main adds the token; the provider check probes the same path to see
 * the API's challenge (RFC 6750 §3).
 */
export const DEFAULT_API_REQUEST = { method: 'GET', path: '/appointments' } as const satisfies {
  readonly method: ApiMethod;
  readonly path: string;
};

/**
 * Whether `path` may be appended to the API base URL: relative (a leading `/`), not
 * protocol-relative (`//host`), no backslash (which some parsers read as `/`) and no control
 * characters. One rule for the configured request and for every request the renderer sends, so a
 * path that passes validation is one the API client accepts (RFC 3986 §4.2).
 */
export function isRelativeApiPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.includes('\\') && !/\p{Cc}/u.test(path);
}
