import * as oidc from 'openid-client';
import type { ApiChallengeView, ApiRequest, ApiResponseView } from '../../shared/ipc-contract.js';
import { AuthError, fromTlsProblem } from '../errors.js';
import { proxyProblemMessage } from '../provider/connection-problem-messages.js';
import { findProxyFailure } from '../provider/proxy-problem.js';
import { findTlsProblem } from '../provider/tls-problem.js';
import { isRelativeApiPath } from '../../shared/api-request.js';

/** How one request to the API goes out: openid-client's configuration and, for DPoP, the handle. */
export interface ApiTransport {
  /** Its fetch, timeout and transport policy are the provider's (one fetch port for all of main). */
  readonly configuration: oidc.Configuration;
  /** The session's DPoP handle when the access token is DPoP-bound (RFC 9449 §7); else empty. */
  readonly dpop: oidc.DPoPOptions;
}

export interface ApiClientDeps {
  readonly apiBaseUrl: string;
  /** Gives a valid access token, refreshing when needed (see `Session.accessToken`). */
  readonly accessToken: (options: { forceRefresh: boolean }) => Promise<string>;
  /** Asked before each request, so a refresh that changed the token type is honoured. */
  readonly transport: () => Promise<ApiTransport>;
}

/**
 * Call the protected API on the renderer's behalf, so the token never leaves the main process:
 * openid-client's `fetchProtectedResource` sends it as `Authorization: Bearer` (RFC 6750 §2.1) or,
 * with the session's DPoP handle, as `Authorization: DPoP` with a fresh proof (RFC 9449 §7.1),
 * answers a `use_dpop_nonce` challenge once and keeps each API's nonce (§9). Redirects are not
 * followed. A 401 with `invalid_token` is answered by one refresh and one retry (RFC 6750 §3.1:
 * the token may have been revoked or expired early); the second answer is returned as it is, 401
 * included, with its challenge parsed, for the UI to explain. Never a loop.
 */
export async function callProtectedApi(deps: ApiClientDeps, request: ApiRequest): Promise<ApiResponseView> {
  const url = resolveApiUrl(deps.apiBaseUrl, request.path);
  let answer = await send(deps, url, request, await deps.accessToken({ forceRefresh: false }));
  if (answer.response.status === 401 && answer.challenges.some(isInvalidToken)) {
    await answer.response.body?.cancel();
    answer = await send(deps, url, request, await deps.accessToken({ forceRefresh: true }));
  }
  return toResponseView(answer);
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
  if (!isRelativeApiPath(path)) throw invalid();
  const url = new URL(`.${path}`, base);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) throw invalid();
  return url;
}

/** The API's answer and the challenges its `WWW-Authenticate` carried, parsed by openid-client. */
interface Answer {
  readonly response: Response;
  readonly challenges: readonly oidc.WWWAuthenticateChallenge[];
}

async function send(
  deps: ApiClientDeps,
  url: URL,
  request: ApiRequest,
  accessToken: string,
): Promise<Answer> {
  const headers = new Headers({ accept: 'application/json' });
  const hasBody = request.body !== undefined && request.method !== 'GET' && request.method !== 'DELETE';
  if (hasBody) headers.set('content-type', 'application/json');
  const { configuration, dpop } = await deps.transport();
  try {
    const body = hasBody ? JSON.stringify(request.body) : null;
    const response = await oidc.fetchProtectedResource(
      configuration,
      accessToken,
      url,
      request.method,
      body,
      headers,
      dpop,
    );
    return { response, challenges: [] };
  } catch (error) {
    // A challenge is an answer, not a failure: the caller decides what it means.
    if (error instanceof oidc.WWWAuthenticateChallengeError) {
      return { response: error.response, challenges: error.cause };
    }
    const proxy = findProxyFailure(error);
    if (proxy) throw new AuthError('api_unreachable', proxyProblemMessage(proxy), { cause: error });
    const tls = findTlsProblem(error);
    if (tls) throw fromTlsProblem(tls, `the API at ${url.host}`, 'api_unreachable', error);
    throw new AuthError('api_unreachable', `The API at ${url.origin} could not be reached.`, {
      cause: error,
    });
  }
}

/** A Bearer or DPoP challenge saying the token itself was bad (RFC 6750 §3.1 `invalid_token`). */
function isInvalidToken(challenge: oidc.WWWAuthenticateChallenge): boolean {
  return isTokenScheme(challenge) && challenge.parameters.error === 'invalid_token';
}

function isTokenScheme(challenge: oidc.WWWAuthenticateChallenge): boolean {
  return challenge.scheme === 'bearer' || challenge.scheme === 'dpop';
}

/**
 * The token challenge that names an error, else the first token challenge (RFC 6750 §3, RFC 9449
 * §7.1), with the parameters the window and a step-up need.
 */
function tokenChallenge(challenges: readonly oidc.WWWAuthenticateChallenge[]): ApiChallengeView | undefined {
  const tokens = challenges.filter(isTokenScheme);
  const chosen = tokens.find((challenge) => challenge.parameters.error !== undefined) ?? tokens[0];
  if (!chosen) return undefined;
  const { error, error_description: description, scope, acr_values: acrValues } = chosen.parameters;
  const { max_age: maxAge, resource_metadata: resourceMetadata } = chosen.parameters;
  return {
    scheme: chosen.scheme,
    ...(error === undefined ? {} : { error }),
    ...(description === undefined ? {} : { description }),
    ...(scope === undefined ? {} : { scope }),
    // RFC 9470 §3 step-up parameters and RFC 9728 §5.1 `resource_metadata`.
    ...(acrValues === undefined ? {} : { acrValues }),
    ...(maxAge !== undefined && /^\d{1,9}$/.test(maxAge) ? { maxAge: Number(maxAge) } : {}),
    ...(resourceMetadata === undefined ? {} : { resourceMetadata }),
  };
}

const EXPOSED_HEADERS = ['content-type', 'www-authenticate', 'date', 'cache-control'];

async function toResponseView({ response, challenges }: Answer): Promise<ApiResponseView> {
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
  const challenge = tokenChallenge(challenges);
  return { status: response.status, headers, body, ...(challenge ? { challenge } : {}) };
}
