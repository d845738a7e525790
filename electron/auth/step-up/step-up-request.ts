import type { AttemptRequest } from '../sign-in/pending-authorizations.js';
import type { TokenSet } from '../tokens/token-set.js';
import type { StepUpNeeds } from './step-up-needs.js';

/**
 * The authorization request that answers an API's needs (RFC 9470 §4): the same user
 * (`login_hint`), every scope the session has plus the ones asked for (incremental authorization:
 * never fewer than before, RFC 6749 §3.3), and for authentication the `acr_values` and `max_age`
 * the API named. `prompt=login` only where the provider could otherwise reuse a sign-in that
 * cannot qualify: older than `max_age`, or a bare "authenticate again" with nothing else asked.
 */
export function stepUpRequest(
  needs: StepUpNeeds,
  tokens: TokenSet,
  configuredScopes: readonly string[],
  now: number,
): AttemptRequest {
  const asked = needs.kind === 'scope' ? needs.scopes : [];
  const scopes = [...new Set([...configuredScopes, ...tokens.scopes, ...asked])];
  const base = { purpose: 'step-up', loginHint: tokens.user?.email, scopes } as const;
  if (needs.kind === 'scope') return base;
  const { acrValues, maxAge } = needs;
  const authTime = tokens.authentication?.authTime;
  const tooOld = maxAge !== undefined && (authTime === undefined || now / 1000 - authTime >= maxAge);
  const bare = acrValues.length === 0 && maxAge === undefined;
  return {
    ...base,
    ...(acrValues.length > 0 ? { acrValues } : {}),
    ...(maxAge === undefined ? {} : { maxAge }),
    ...(tooOld || bare ? { prompt: 'login' } : {}),
  };
}
