import { DEMO_API_SCOPE } from './demo-constants.js';

/** Outcome of checking one request's credentials; failures map onto RFC 6750 §3.1 error codes. */
export type AccessCheck =
  | { readonly ok: true; readonly subject: string }
  | {
      readonly ok: false;
      readonly status: 400 | 401 | 403 | 503;
      readonly error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | 'temporarily_unavailable';
      readonly description: string;
    };

/** What a presented token turned out to be: good for a subject and scopes, or not, and why. */
export type TokenVerdict =
  | { readonly valid: true; readonly subject: string; readonly scope: string }
  | { readonly valid: false; readonly description: string };

/**
 * Decides whether a token is valid for this API: a JWT checked locally (RFC 9068) or an opaque
 * token asked about at the provider (RFC 7662). It throws only when it cannot decide at all.
 */
export type TokenVerifier = (token: string) => Promise<TokenVerdict>;

/** RFC 6750 §2.1 `b64token` after the `Bearer` scheme (scheme name is case-insensitive, RFC 9110 §11.1). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Builds the demo API's access check around a {@link TokenVerifier}: the Bearer header is read
 * per RFC 6750 §2.1, the token verified, and the API's scope required (§3.1 `insufficient_scope`).
 */
export function createAccessCheck(verify: TokenVerifier) {
  return async function checkAccess(authorization: string | undefined): Promise<AccessCheck> {
    if (authorization === undefined || !/^Bearer(\s|$)/i.test(authorization)) {
      return { ok: false, status: 401, description: 'A Bearer access token is required' };
    }
    const token = BEARER.exec(authorization.trim())?.[1];
    if (!token) {
      return {
        ok: false,
        status: 400,
        error: 'invalid_request',
        description: 'The Authorization header is malformed',
      };
    }
    let verdict: TokenVerdict;
    try {
      verdict = await verify(token);
    } catch {
      return {
        ok: false,
        status: 503,
        error: 'temporarily_unavailable',
        description: 'Cannot verify tokens right now',
      };
    }
    if (!verdict.valid) {
      return { ok: false, status: 401, error: 'invalid_token', description: verdict.description };
    }
    if (!verdict.scope.split(' ').includes(DEMO_API_SCOPE)) {
      return {
        ok: false,
        status: 403,
        error: 'insufficient_scope',
        description: `The ${DEMO_API_SCOPE} scope is required`,
      };
    }
    return { ok: true, subject: verdict.subject };
  };
}
