import { AuthError } from '../errors.js';
import type { TokenSet, UserClaims } from '../tokens/token-set.js';
import type { StepUpNeeds } from './step-up-needs.js';

/**
 * Whether the tokens of a step-up may replace the session's: the same user (OIDC Core §3.1.3.7
 * validates the ID token, not who it names), an `acr` among those asked for (OIDC Core §3.1.2.1
 * leaves `acr_values` voluntary, so the provider may ignore it; RFC 9470 §4), and every scope
 * the API asked for granted. `auth_time` against `max_age` is openid-client's check at the exchange.
 * Returns the reason to refuse, or undefined.
 */
export function checkStepUp(session: TokenSet, next: TokenSet, needs: StepUpNeeds): AuthError | undefined {
  const unchanged = 'Your session is unchanged.';
  if (session.user && next.user?.sub !== session.user.sub) {
    return new AuthError(
      'step_up_failed',
      `You confirmed in the browser as ${who(next.user)}, but this session belongs to ` +
        `${who(session.user)}. ${unchanged} To use another account, sign out first.`,
    );
  }
  const acrValues = needs.kind === 'authentication' ? needs.acrValues : [];
  const acr = next.authentication?.acr;
  if (acrValues.length > 0 && (acr === undefined || !acrValues.includes(acr))) {
    return new AuthError(
      'step_up_failed',
      `The identity provider did not confirm the stronger sign-in the API asked for ` +
        `(${acrValues.join(' or ')}); it reported ${acr === undefined ? 'none' : acr}. ${unchanged} ` +
        'The provider may not support this kind of sign-in for this app.',
    );
  }
  const asked = needs.kind === 'scope' ? needs.scopes : [];
  const missing = asked.filter((scope) => !next.scopes.includes(scope));
  if (missing.length > 0) {
    return new AuthError(
      'step_up_failed',
      `The identity provider did not grant ${missing.join(', ')}. ${unchanged}`,
    );
  }
  return undefined;
}

function who(user: UserClaims | undefined): string {
  return user ? (user.email ?? user.name ?? user.sub) : 'someone the provider did not name';
}
