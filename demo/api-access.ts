import type { TokenScheme } from './api-auth.js';

/**
 * How the user signed in for a token (RFC 9068 §2.2.1, RFC 7662 §2.2 extensions): `acr` and
 * `auth_time` (epoch seconds), when the token says.
 */
export interface SignInFacts {
  readonly acr?: string | undefined;
  readonly authTime?: number | undefined;
}

/** A request the API refuses, with what its `WWW-Authenticate` challenge says (RFC 6750 §3). */
export interface Refusal {
  readonly ok: false;
  readonly status: 400 | 401 | 403 | 503;
  readonly error?:
    | 'invalid_request'
    | 'invalid_token'
    | 'invalid_dpop_proof'
    | 'use_dpop_nonce'
    | 'insufficient_scope'
    | 'insufficient_user_authentication'
    | 'temporarily_unavailable';
  readonly description: string;
  /** Which scheme the challenge should name; both when the request sent no credentials. */
  readonly scheme?: TokenScheme;
  /** `insufficient_scope`: the scopes the token lacks (RFC 6750 §3 `scope`). */
  readonly scope?: string;
  /** `insufficient_user_authentication`: what the sign-in must be (RFC 9470 §3). */
  readonly acrValues?: string;
  readonly maxAge?: number;
}

/** What a request's token was found good for: whom, which scopes, and how the user signed in. */
export interface GrantedAccess extends SignInFacts {
  readonly ok: true;
  readonly subject: string;
  readonly scopes: readonly string[];
  /** The scheme the token came with, which later refusals of the same request name. */
  readonly scheme: TokenScheme;
}

/** Outcome of checking one request's credentials; failures map onto RFC 6750 §3.1 / RFC 9449 §7.1 codes. */
export type AccessCheck = GrantedAccess | Refusal;

/**
 * The sign-in facts a token's claims or introspection answer state: `acr` when it is a string,
 * `auth_time` when it is a number of seconds (OpenID Connect Core §2). Anything else counts as
 * not stated, which a resource that needs them refuses.
 */
export function readSignInFacts(claims: {
  readonly acr?: unknown;
  readonly auth_time?: unknown;
}): SignInFacts {
  const { acr, auth_time: authTime } = claims;
  return {
    ...(typeof acr === 'string' ? { acr } : {}),
    ...(typeof authTime === 'number' && Number.isFinite(authTime) ? { authTime } : {}),
  };
}
