import type { GrantedAccess, Refusal } from './api-access.js';
import { DEMO_ACR_MFA, DEMO_RECORDS_MAX_AGE_SECONDS } from './demo-constants.js';

/** What a resource needs of the sign-in behind a token (RFC 9470 §3). */
export interface SignInRequirement {
  /** Authentication context classes any one of which will do (`acr_values`). */
  readonly acrValues: readonly string[];
  /** How long ago, in seconds, the user may have signed in at most (`max_age`). */
  readonly maxAgeSeconds: number;
}

/** The demo API's records need a sign-in with a second factor, no older than five minutes. */
export const RECORDS_SIGN_IN: SignInRequirement = {
  acrValues: [DEMO_ACR_MFA],
  maxAgeSeconds: DEMO_RECORDS_MAX_AGE_SECONDS,
};

/**
 * Whether the sign-in behind an access token meets `requirement`, judged at `nowMs` (epoch ms):
 * its `acr` one of the classes, its `auth_time` no more than `maxAgeSeconds` ago. Otherwise the
 * RFC 9470 §3 refusal: 401 `insufficient_user_authentication` with the `acr_values` and
 * `max_age` a new authorization request should carry (§4), in the scheme the token came with.
 * A token that states neither (an opaque token whose introspection answer left them out, say)
 * is refused too: the API cannot tell how the user signed in.
 */
export function checkSignIn(
  access: GrantedAccess,
  requirement: SignInRequirement,
  nowMs: number,
): Refusal | undefined {
  const { acrValues, maxAgeSeconds } = requirement;
  const strongEnough = access.acr !== undefined && acrValues.includes(access.acr);
  const ageSeconds = access.authTime === undefined ? undefined : nowMs / 1000 - access.authTime;
  const recentEnough = ageSeconds !== undefined && ageSeconds <= maxAgeSeconds;
  if (strongEnough && recentEnough) return undefined;
  const classes = acrValues.join(' ');
  const description = strongEnough
    ? `This resource needs a sign-in within the last ${maxAgeSeconds} seconds`
    : `This resource needs a sign-in of class ${classes} within the last ${maxAgeSeconds} seconds`;
  return {
    ok: false,
    status: 401,
    error: 'insufficient_user_authentication',
    description,
    scheme: access.scheme,
    acrValues: classes,
    maxAge: maxAgeSeconds,
  };
}
