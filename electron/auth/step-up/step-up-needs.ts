import type { ApiChallengeView } from '../../shared/ipc-contract.js';

/**
 * What an API asked for before it would answer, read from its token challenge: more scope
 * (RFC 6750 §3.1 `insufficient_scope`, with the `scope` the request needs) or a stronger or more
 * recent authentication (RFC 9470 §3 `insufficient_user_authentication`, with `acr_values` and/or
 * `max_age`).
 */
export type StepUpNeeds =
  | { readonly kind: 'scope'; readonly scopes: readonly string[] }
  | {
      readonly kind: 'authentication';
      readonly acrValues: readonly string[];
      readonly maxAge?: number | undefined;
    };

/**
 * The needs behind a refusal, or undefined when a new authorization could not help: another
 * error, or an `insufficient_scope` that names no scope this session lacks (asking again would
 * get the same token, and the same refusal).
 */
export function needsFromChallenge(
  challenge: ApiChallengeView | undefined,
  granted: readonly string[],
): StepUpNeeds | undefined {
  if (challenge?.error === 'insufficient_scope') {
    const missing = words(challenge.scope).filter((scope) => !granted.includes(scope));
    return missing.length > 0 ? { kind: 'scope', scopes: missing } : undefined;
  }
  if (challenge?.error === 'insufficient_user_authentication') {
    return { kind: 'authentication', acrValues: words(challenge.acrValues), maxAge: challenge.maxAge };
  }
  return undefined;
}

/** A space-separated list (RFC 6749 §3.3 scope, RFC 9470 §3 acr_values), without repeats. */
function words(list: string | undefined): string[] {
  return [...new Set((list ?? '').split(' ').filter(Boolean))];
}
