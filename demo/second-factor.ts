import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

import { interactionPolicy } from 'oidc-provider';
import type { ClaimRequest, InteractionPolicy, PolicyContext } from 'oidc-provider';

import { DEMO_ACR_MFA } from './demo-constants.js';
import type { ResolvedHabits } from './provider-habits.js';

/** Name of the interaction prompt that asks for the one-time code, and its form's action. */
export const SECOND_FACTOR_PROMPT = 'second-factor';

/** How a sign-in that passed the second factor is described (RFC 8176 §2 `amr` values). */
export const SECOND_FACTOR_AMR = ['pwd', 'otp'];

/**
 * The demo's one-time code: six digits from the CSPRNG, made once per provider start and shown to
 * whoever runs the demo (printed by `npm run demo`, handed to tests). It stands in for a code an
 * authenticator app would show; a real provider would verify a TOTP (RFC 6238) instead.
 */
export function generateSecondFactorCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** Whether `given` is the code, compared in constant time; spaces a person may type are ignored. */
export function isSecondFactorCode(given: string, code: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given.replace(/\s+/g, '')), digest(code));
}

/** The classes a request for `acr` names (OpenID Connect Core §5.5.1: `value` or `values`). */
function requestedClasses(request: ClaimRequest | null | undefined): unknown[] {
  if (!request) return [];
  if (Array.isArray(request.values)) return request.values;
  return request.value === undefined ? [] : [request.value];
}

/**
 * Whether the authorization request needs a second factor: it asks for {@link DEMO_ACR_MFA}, by
 * `acr_values` (which oidc-provider turns into an `acr` claim request, OpenID Connect Core
 * §3.1.2.1) or by the `claims` parameter (§5.5.1.1), and the session's sign-in is of none of the
 * classes asked for. A request that also accepts the password-only class is met by it.
 */
export function needsSecondFactor(ctx: PolicyContext): boolean {
  const requested = requestedClasses(ctx.oidc.claims.id_token?.acr);
  return requested.includes(DEMO_ACR_MFA) && !requested.includes(ctx.oidc.acr);
}

/**
 * The demo's interaction policy: oidc-provider's login and consent prompts with, when the habit
 * honours `acr_values`, a second-factor prompt between them, asked for a fresh password login and
 * for a password-only session alike. The login prompt's own `essential_acr(s)` checks go: they
 * would ask for the password again, which cannot change the class; the second-factor prompt
 * answers requests for `acr`, and with the `ignored` habit nothing does (the provider always
 * signs in with the password only). A prompt that cannot be shown (`prompt=none`) ends with
 * `interaction_required` (OpenID Connect Core §3.1.2.6).
 */
export function demoInteractionPolicy(habits: ResolvedHabits): InteractionPolicy {
  const { Check, Prompt, base } = interactionPolicy;
  const policy = base();
  const login = policy.get('login');
  login?.checks.remove('essential_acr');
  login?.checks.remove('essential_acrs');
  if (habits.acrValues === 'honoured') {
    const check = new Check(
      'acr_values_not_met',
      'the requested authentication context class needs a second factor',
      needsSecondFactor,
    );
    policy.add(new Prompt({ name: SECOND_FACTOR_PROMPT, requestable: false }, check), 1);
  }
  return policy;
}
