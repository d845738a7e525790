import type { Configuration, IssuedToken, RequestContext } from 'oidc-provider';

import { DEMO_ACR_PASSWORD, DEMO_ACR_VALUES } from './demo-constants.js';
import type { ResolvedHabits } from './provider-habits.js';
import { demoInteractionPolicy } from './second-factor.js';

/**
 * The authentication context classes the provider offers and advertises (OpenID Connect
 * Discovery 1.0 §3 `acr_values_supported`): both, or with the `ignored` habit only the
 * password-only class it always signs in with.
 */
export function offeredAcrValues(habits: ResolvedHabits): string[] {
  return habits.acrValues === 'honoured' ? [...DEMO_ACR_VALUES] : [DEMO_ACR_PASSWORD];
}

/**
 * The `acr` and `auth_time` of the sign-in an access token stems from (RFC 9068 §2.2.1), so the
 * API can ask for a stronger or fresher one (RFC 9470 §3). They come from the authorization code
 * at the code exchange and from the refresh token at a refresh, which carries them on from the
 * code: a refreshed access token reports the original sign-in, never the time of the refresh.
 * oidc-provider adds them to JWT access tokens and to introspection answers (RFC 7662 §2.2)
 * alike.
 */
export function authenticationClaims(
  ctx: RequestContext | undefined,
  token: IssuedToken,
): Record<string, unknown> | undefined {
  if (token.kind !== 'AccessToken') return undefined;
  const source = ctx?.oidc?.entities?.AuthorizationCode ?? ctx?.oidc?.entities?.RefreshToken;
  if (!source) return undefined;
  return {
    ...(typeof source.acr === 'string' ? { acr: source.acr } : {}),
    ...(typeof source.authTime === 'number' ? { auth_time: source.authTime } : {}),
  };
}

/**
 * The provider's authentication settings: the classes it offers, the interaction policy that
 * asks for a second factor when a request wants one, the `claims` parameter (OpenID Connect Core
 * §5.5) so `acr` can be asked for as an essential claim too, and the sign-in's `acr` and
 * `auth_time` in access tokens. ID tokens always carry both, as claims of the `openid` scope (see
 * the claims setting in provider-config).
 */
export function authenticationConfiguration(habits: ResolvedHabits): Pick<
  Configuration,
  'acrValues' | 'extraTokenClaims'
> & {
  readonly policy: ReturnType<typeof demoInteractionPolicy>;
} {
  return {
    acrValues: offeredAcrValues(habits),
    extraTokenClaims: authenticationClaims,
    policy: demoInteractionPolicy(habits),
  };
}
