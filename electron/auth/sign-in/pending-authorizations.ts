import * as oidc from 'openid-client';
import type { Clock } from '../ports.js';

/**
 * One sign-in attempt waiting for the browser to come back. Lives only in main-process memory:
 * the verifier must never leave it (RFC 7636 §4.1, RFC 8252 §8.1).
 */
export interface PendingAuthorization {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly codeChallenge: string;
  /** The exact redirect URI sent in the request; the token request must repeat it (RFC 6749 §4.1.3). */
  readonly redirectUri: string;
  readonly expiresAt: number;
  /** What this attempt asks for beyond the configuration; nothing for a plain sign-in. */
  readonly request?: AttemptRequest | undefined;
}

/**
 * An attempt's own authorization parameters (OIDC Core §3.1.2.1). A sign-in may name who should
 * sign in; a step-up (RFC 9470 §4) also asks for more scope or a stronger or fresher authentication.
 */
export interface AttemptRequest {
  readonly purpose: 'sign-in' | 'step-up';
  /** `login_hint`: who is expected to sign in, e.g. the user whose session ended. */
  readonly loginHint?: string | undefined;
  /** Replaces the configured scopes; a step-up asks for the union, never fewer (RFC 6749 §3.3). */
  readonly scopes?: readonly string[] | undefined;
  /** `acr_values`: acceptable authentication context classes, most preferred first. */
  readonly acrValues?: readonly string[] | undefined;
  /** `max_age` in seconds; the ID token must then carry a recent enough `auth_time`. */
  readonly maxAge?: number | undefined;
  /** `prompt=login`: authenticate again even with a live provider session. */
  readonly prompt?: 'login' | undefined;
}

/** Fresh CSPRNG values for one attempt: PKCE S256 verifier and challenge, state and nonce. */
export async function createPendingAuthorization(
  redirectUri: string,
  lifetimeSeconds: number,
  clock: Clock,
): Promise<PendingAuthorization> {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  return {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier,
    codeChallenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    redirectUri,
    expiresAt: clock() + lifetimeSeconds * 1000,
  };
}

/** The outcome of looking up a callback's `state`. */
export type TakeResult =
  | { readonly status: 'found'; readonly pending: PendingAuthorization }
  | { readonly status: 'expired' }
  /** Used, cancelled or superseded already: a replay or a late redirect. */
  | { readonly status: 'stale' }
  | { readonly status: 'unknown' };

/** How many ended attempts are remembered, to tell "stale" from "never seen". */
const RETIRED_MEMORY = 32;

/**
 * The attempts in flight, keyed by `state`. Each is single-use: {@link take} removes it, so a
 * replayed or duplicated redirect cannot trigger a second token request (RFC 9700 §4.7).
 */
export class PendingAuthorizations {
  readonly #byState = new Map<string, PendingAuthorization>();
  readonly #retired = new Set<string>();

  constructor(private readonly clock: Clock) {}

  add(pending: PendingAuthorization): void {
    this.#byState.set(pending.state, pending);
  }

  /** The live attempt for `state`, without consuming it. */
  peek(state: string): PendingAuthorization | undefined {
    return this.#byState.get(state);
  }

  /** Remove and return the attempt for `state`, if it exists and has not expired. */
  take(state: string): TakeResult {
    const pending = this.#byState.get(state);
    if (!pending) return { status: this.#retired.has(state) ? 'stale' : 'unknown' };
    this.discard(state);
    return pending.expiresAt <= this.clock() ? { status: 'expired' } : { status: 'found', pending };
  }

  /** End one attempt (cancel, timeout, superseded); a later redirect for it is reported as stale. */
  discard(state: string): void {
    this.#byState.delete(state);
    this.#retired.add(state);
    if (this.#retired.size > RETIRED_MEMORY) this.#retired.delete(this.#retired.values().next().value ?? '');
  }

  clear(): void {
    for (const state of [...this.#byState.keys()]) this.discard(state);
  }

  get size(): number {
    return this.#byState.size;
  }
}
