import type { ApiMethod, ApiRequest, ApiResponseView } from '../shared/ipc-contract.js';
import { AuthError } from './auth-error.js';
import { fromTlsProblem } from './map-oauth-error.js';
import { findTlsProblem } from './tls-problem.js';

/** The methods the renderer may use; anything else is refused before a request is built. */
export const API_METHODS: readonly ApiMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface ApiClientDeps {
  readonly apiBaseUrl: string;
  /** Gives a valid access token, refreshing when needed (see `Session.accessToken`). */
  readonly accessToken: (options: { forceRefresh: boolean }) => Promise<string>;
  /** The DPoP proof for a request with this token, or undefined for a Bearer token (RFC 9449 §7). */
  readonly proof?: (method: string, url: URL, accessToken: string) => Promise<string | undefined>;
  /** Remember a `DPoP-Nonce` the API sent, for the next proofs to it (RFC 9449 §9). */
  readonly noteNonce?: (url: URL, nonce: string) => void;
  readonly fetch?: typeof fetch;
  readonly timeoutSeconds: number;
}

/**
 * Call the protected API on the renderer's behalf with `Authorization: Bearer` (RFC 6750 §2.1),
 * or `Authorization: DPoP` with a fresh proof (RFC 9449 §7.1), so the token never leaves the main
 * process. A 401 with `invalid_token` is answered by one
 * refresh and one retry (RFC 6750 §3.1: the token may have been revoked or expired early); the
 * second answer is returned as it is, 401 included, for the UI to explain. Never a loop.
 */
export async function callProtectedApi(deps: ApiClientDeps, request: ApiRequest): Promise<ApiResponseView> {
  const url = resolveApiUrl(deps.apiBaseUrl, request.path);
  const accessToken = await deps.accessToken({ forceRefresh: false });
  let response = await send(deps, url, request, accessToken);
  if (response.status === 401 && isNonceChallenge(response.headers.get('www-authenticate'))) {
    // RFC 9449 §9: the API wants its nonce in the proof; the answer carried it, try once more.
    await response.body?.cancel();
    response = await send(deps, url, request, accessToken);
  }
  if (response.status === 401 && isInvalidToken(response.headers.get('www-authenticate'))) {
    await response.body?.cancel();
    response = await send(deps, url, request, await deps.accessToken({ forceRefresh: true }));
  }
  return toResponseView(response);
}

/**
 * Whether a 401 says the token itself was bad (RFC 6750 §3.1 `invalid_token`: expired, revoked,
 * malformed) — the one case a refresh can fix. Other 401s are returned as they are.
 */
export function isInvalidToken(challenge: string | null): boolean {
  return challenge !== null && /^\s*(bearer|dpop)\b[^]*\berror\s*=\s*"?invalid_token"?/i.test(challenge);
}

/** A DPoP challenge asking for the server's nonce (RFC 9449 §9, `use_dpop_nonce`). */
export function isNonceChallenge(challenge: string | null): boolean {
  return challenge !== null && /^\s*dpop\b[^]*\berror\s*=\s*"?use_dpop_nonce"?/i.test(challenge);
}

/**
 * Resolve a renderer-supplied path strictly below the API base URL. Absolute URLs, `..` escapes,
 * other origins and backslash tricks are refused, so a compromised renderer cannot send the
 * token anywhere else (RFC 9700 §4.9, audience restriction in spirit).
 */
export function resolveApiUrl(apiBaseUrl: string, path: string): URL {
  const base = new URL(apiBaseUrl.endsWith('/') ? apiBaseUrl : `${apiBaseUrl}/`);
  const invalid = (): AuthError =>
    new AuthError(
      'invalid_request',
      'The API path must be a relative path under the configured API base URL.',
    );
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\') || /\p{Cc}/u.test(path)) {
    throw invalid();
  }
  const url = new URL(`.${path}`, base);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) throw invalid();
  return url;
}

async function send(
  deps: ApiClientDeps,
  url: URL,
  request: ApiRequest,
  accessToken: string,
): Promise<Response> {
  const proof = await deps.proof?.(request.method, url, accessToken);
  const headers = new Headers({ accept: 'application/json' });
  if (proof === undefined) {
    headers.set('authorization', `Bearer ${accessToken}`);
  } else {
    headers.set('authorization', `DPoP ${accessToken}`);
    headers.set('dpop', proof);
  }
  const hasBody = request.body !== undefined && request.method !== 'GET' && request.method !== 'DELETE';
  if (hasBody) headers.set('content-type', 'application/json');
  try {
    const response = await (deps.fetch ?? fetch)(url, {
      method: request.method,
      headers,
      body: hasBody ? JSON.stringify(request.body) : null,
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutSeconds * 1000),
    });
    const nonce = response.headers.get('dpop-nonce');
    if (nonce && proof !== undefined) deps.noteNonce?.(url, nonce);
    return response;
  } catch (error) {
    const tls = findTlsProblem(error);
    if (tls) throw fromTlsProblem(tls, `the API at ${url.host}`, 'api_unreachable', error);
    throw new AuthError('api_unreachable', `The API at ${url.origin} could not be reached.`, {
      cause: error,
    });
  }
}

const EXPOSED_HEADERS = ['content-type', 'www-authenticate', 'date', 'cache-control'];

async function toResponseView(response: Response): Promise<ApiResponseView> {
  const headers: Record<string, string> = {};
  for (const name of EXPOSED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const text = await response.text();
  const isJson = /^application\/([\w.+-]*\+)?json/i.test(headers['content-type'] ?? '');
  let body: unknown = text;
  if (isJson) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: response.status, headers, body };
}
