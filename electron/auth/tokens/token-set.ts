import type * as oidc from 'openid-client';
import { AuthError } from '../errors.js';
import type { Clock } from '../ports.js';

/**
 * Used only when a provider omits `expires_in` (RFC 6749 §5.1 makes it RECOMMENDED): refresh
 * early rather than trust a token forever. A 401 from the API still triggers one refresh.
 */
export const ASSUMED_LIFETIME_SECONDS = 300;

/** Who signed in, from validated ID-token claims (OIDC Core §2, §5.1) or the UserInfo response. */
export interface UserClaims {
  readonly sub: string;
  readonly name?: string | undefined;
  readonly email?: string | undefined;
}

/** The tokens of a signed-in session. Held in main-process memory only. */
export interface TokenSet {
  readonly accessToken: string;
  /** `DPoP` when the access token is bound to the session's key (RFC 9449 §5), else `Bearer`. */
  readonly tokenType: 'Bearer' | 'DPoP';
  /** When the access token was issued (as this app's clock saw it) and when it expires. */
  readonly obtainedAt: number;
  readonly accessTokenExpiresAt: number;
  readonly refreshToken: string | undefined;
  readonly scopes: readonly string[];
  /** Who signed in; unknown with plain OAuth 2.0, which issues no ID token. */
  readonly user: UserClaims | undefined;
  /** Kept for RP-initiated logout's `id_token_hint`. */
  readonly idToken: string | undefined;
  /**
   * How and when the user last authenticated, from the ID token (OIDC Core §2 `acr`, `auth_time`
   * in epoch seconds): what a step-up asked for is checked against them (RFC 9470 §4).
   */
  readonly authentication?: Authentication | undefined;
}

/** The authentication an ID token reports (OIDC Core §2); either claim may be absent. */
export interface Authentication {
  readonly acr?: string | undefined;
  readonly authTime?: number | undefined;
}

type TokenResponse = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

export interface TokenSetContext {
  readonly requestedScopes: readonly string[];
  /** OpenID Connect: an identity is required (OIDC Core §3.1.3.3); plain OAuth has none. */
  readonly openId: boolean;
  /** Whether the request carried a DPoP proof, so the token must come back DPoP-bound. */
  readonly proofOfPossession: boolean;
  /** The session being refreshed, if any. */
  readonly previous?: TokenSet | undefined;
  /** Claims to use when the response carries no ID token and there is no previous session. */
  readonly fallbackUser?: UserClaims | undefined;
}

/**
 * Turn a validated token response into a {@link TokenSet}. On refresh, `previous` supplies what
 * the provider may leave out: the refresh token when it does not rotate (RFC 6749 §6), the scopes
 * when unchanged and the requested ones at first (§5.1), the user when no new ID token comes
 * back. A new ID token must name the same subject (OIDC Core §12.2).
 */
export function toTokenSet(response: TokenResponse, clock: Clock, context: TokenSetContext): TokenSet {
  const { previous } = context;
  // A Bearer token where DPoP was asked for would silently drop the protection (RFC 9449 §5).
  const expected = context.proofOfPossession ? 'dpop' : 'bearer';
  if (response.token_type.toLowerCase() !== expected) {
    throw new AuthError(
      'token_request_failed',
      `The identity provider issued a "${response.token_type}" token where this app expects "${expected}".`,
    );
  }
  const idTokenClaims = response.claims();
  const user = idTokenClaims ? toUserClaims(idTokenClaims) : (previous?.user ?? context.fallbackUser);
  if (!user && context.openId)
    throw new AuthError('id_token_invalid', 'The identity provider did not return an identity token.');
  if (user && previous?.user && user.sub !== previous.user.sub) {
    throw new AuthError('id_token_invalid', 'The renewed identity token names a different user.');
  }
  const lifetime = response.expires_in ?? ASSUMED_LIFETIME_SECONDS;
  const now = clock();
  return {
    accessToken: response.access_token,
    tokenType: context.proofOfPossession ? 'DPoP' : 'Bearer',
    obtainedAt: now,
    accessTokenExpiresAt: now + lifetime * 1000,
    refreshToken: response.refresh_token ?? previous?.refreshToken,
    scopes: response.scope?.split(' ').filter(Boolean) ?? previous?.scopes ?? context.requestedScopes,
    user,
    idToken: response.id_token ?? previous?.idToken,
    authentication: idTokenClaims ? toAuthentication(idTokenClaims) : previous?.authentication,
  };
}

function toAuthentication(claims: { readonly [claim: string]: unknown }): Authentication {
  const { acr, auth_time: authTime } = claims;
  return {
    acr: typeof acr === 'string' ? acr : undefined,
    authTime: typeof authTime === 'number' ? authTime : undefined,
  };
}

/** Keep only the profile claims the app shows; everything else in the ID token stays out of memory. */
export function toUserClaims(claims: {
  readonly sub: string;
  readonly [claim: string]: unknown;
}): UserClaims {
  return {
    sub: claims.sub,
    name: typeof claims['name'] === 'string' ? claims['name'] : undefined,
    email: typeof claims['email'] === 'string' ? claims['email'] : undefined,
  };
}
