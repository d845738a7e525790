import type { SessionView } from '../../shared/ipc-contract.js';
import { AuthError, fromUnexpected } from '../errors.js';
import { retryDelayMs } from './backoff.js';
import type { Clock, Logger, Schedule } from '../ports.js';
import type { RefreshTokenVault } from './refresh-token-vault.js';
import type { SessionStore } from '../session-store.js';
import { type RefreshDeps, refreshTokens, restoreTokens } from './refresh-tokens.js';
import type { TokenSet } from './token-set.js';

/** Refresh at most this long before expiry (less for short-lived tokens: half their lifetime). */
export const EXPIRY_MARGIN_MS = 60_000;
/** Never plan a refresh sooner than this, nor later than a timer can count (2^31 − 1 ms). */
const MIN_DELAY_MS = 5_000;
const MAX_DELAY_MS = 2 ** 31 - 1;

export interface TokenKeeperDeps {
  readonly store: SessionStore;
  /** What a refresh needs: the provider, the keychain, the DPoP key (see `refreshTokens`). */
  readonly refresh: RefreshDeps;
  readonly vault: RefreshTokenVault;
  readonly clock: Clock;
  readonly schedule: Schedule;
  readonly log: Logger;
  /** The session could not be renewed and is over: whatever waits on it (a step-up) ends too. */
  readonly ended?: () => void;
}

/**
 * Where a signed-in session's refresh token is kept: in the keychain, or only in this process's
 * memory because saving it failed (then `error` is that failure, its `cause` the keychain's own
 * error), or nowhere because the provider issued none. There is no other place: no plaintext
 * fallback (RFC 8252 §8.6). Holds no secret.
 */
export type RefreshTokenCustody =
  | { readonly kept: 'none' }
  | { readonly kept: 'keychain' }
  | { readonly kept: 'memory'; readonly error: AuthError };

/**
 * Keeps a signed-in session's tokens usable: restores from the keychain at start, refreshes
 * before expiry and on demand (one refresh at a time), and rides out outages.
 *
 * - Only a transient failure (network, timeout, 5xx) is retried, with backoff; the session and
 *   the stored refresh token are kept, the view says so, and a still-valid access token is used.
 * - `invalid_grant` or an ID token naming someone else ends the session and deletes the keychain
 *   entry (RFC 6749 §5.2, OIDC Core §12.2); other failures are shown and not retried.
 * - Work begun before a sign-out never publishes or stores its result (see `SessionStore.epoch`).
 * - It is the one owner of "one refresh at a time": every caller (the timer, API calls, a forced
 *   refresh after `invalid_token`) shares the refresh in flight, so rotation with reuse detection
 *   never sees a refresh token twice (RFC 9700 §4.14.2).
 */
export class TokenKeeper {
  #cancelTimer: (() => void) | undefined;
  #failures = 0;
  #renewing: Promise<TokenSet | undefined> | undefined;
  /** Why the current refresh token is not in the keychain; undefined when it is (or there is none). */
  #notSaved: AuthError | undefined;

  constructor(private readonly deps: TokenKeeperDeps) {}

  /**
   * Publish a signed-in session and plan its next refresh. `persistError` says that the refresh
   * token could not be saved; a refresh that returned no new one (RFC 6749 §6) leaves it where it was.
   */
  adopt(tokens: TokenSet, persistError?: AuthError): SessionView {
    this.#failures = 0;
    const before = this.deps.store.current;
    const sameToken = before.state === 'signed-in' && before.tokens.refreshToken === tokens.refreshToken;
    this.#notSaved = persistError ?? (sameToken ? this.#notSaved : undefined);
    // Still only in memory after a refresh that kept the token: the window keeps saying so. A
    // step-up waiting for the browser goes on across a refresh.
    const stepUp = before.state === 'signed-in' ? before.stepUp : undefined;
    const view = this.deps.store.set({ state: 'signed-in', tokens, stepUp, error: this.#notSaved });
    if (tokens.refreshToken !== undefined) {
      const delay = tokens.accessTokenExpiresAt - marginFor(tokens) - this.deps.clock();
      this.#plan(Math.min(Math.max(delay, MIN_DELAY_MS), MAX_DELAY_MS), () => void this.#renew());
    }
    return view;
  }

  /** At start: resume from the keychain's refresh token with one refresh, if there is one. */
  async restore(): Promise<SessionView> {
    const { store, vault, refresh, log } = this.deps;
    const epoch = store.epoch;
    store.set({ state: 'restoring' });
    try {
      const refreshToken = await vault.read();
      if (store.epoch !== epoch) return store.view();
      if (refreshToken === undefined) return store.set({ state: 'signed-out' });
      const { tokens, persistError } = await restoreTokens(
        refresh,
        refreshToken,
        () => store.epoch === epoch,
      );
      log.info('session restored');
      return this.adopt(tokens, persistError);
    } catch (error) {
      if (store.epoch !== epoch) return store.view();
      const failure = await this.#settle(error);
      if (failure.code !== 'provider_unreachable') return store.set({ state: 'signed-out', error: failure });
      const delay = this.#nextDelay();
      this.#plan(delay, () => void this.restore());
      return store.set({
        state: 'signed-out',
        error: retrying(failure, delay, 'Your saved session is kept.'),
      });
    }
  }

  /** A valid access token, refreshed first when about to expire or when the API rejected it. */
  async accessToken({ forceRefresh = false } = {}): Promise<string> {
    const current = this.deps.store.current;
    if (current.state !== 'signed-in') throw new AuthError('not_signed_in', 'Sign in first.');
    const { tokens } = current;
    const fresh = tokens.accessTokenExpiresAt - marginFor(tokens) > this.deps.clock();
    if (fresh && (!forceRefresh || tokens.refreshToken === undefined)) return tokens.accessToken;
    const renewed = await this.#renew();
    if (renewed) return renewed.accessToken;
    // Renewal failed for now: a token that has not expired yet is still worth sending.
    if (!forceRefresh && tokens.accessTokenExpiresAt > this.deps.clock()) return tokens.accessToken;
    const state = this.deps.store.current;
    throw (
      (state.state === 'signed-in' || state.state === 'signed-out' ? state.error : undefined) ??
      sessionEnded()
    );
  }

  /** Resolves once no refresh is in flight (its outcome, whatever it was, has been published). */
  async settled(): Promise<void> {
    await this.#renewing;
  }

  /** Where the current refresh token is kept; see {@link RefreshTokenCustody}. */
  custody(): RefreshTokenCustody {
    const current = this.deps.store.current;
    if (current.state !== 'signed-in' || current.tokens.refreshToken === undefined) return { kept: 'none' };
    return this.#notSaved ? { kept: 'memory', error: this.#notSaved } : { kept: 'keychain' };
  }

  /** Stop planned refreshes and retries (sign-out, a new sign-in). */
  stop(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.#failures = 0;
  }

  /** Refresh now, once for all callers; publish the outcome and plan what comes next. */
  #renew(): Promise<TokenSet | undefined> {
    this.#renewing ??= this.#refreshOnce().finally(() => (this.#renewing = undefined));
    return this.#renewing;
  }

  async #refreshOnce(): Promise<TokenSet | undefined> {
    const { store } = this.deps;
    const current = store.current;
    const epoch = store.epoch;
    if (current.state !== 'signed-in') return undefined;
    try {
      const refreshToken = current.tokens.refreshToken;
      if (refreshToken === undefined) throw sessionEnded();
      const outcome = await refreshTokens(
        this.deps.refresh,
        { ...current.tokens, refreshToken },
        () => store.epoch === epoch,
      );
      this.deps.log.debug('tokens refreshed', { rotated: outcome.tokens.refreshToken !== refreshToken });
      this.adopt(outcome.tokens, outcome.persistError);
      return outcome.tokens;
    } catch (error) {
      if (store.epoch !== epoch || store.current.state !== 'signed-in') return undefined;
      const failure = await this.#settle(error);
      if (failure.code === 'session_expired' || failure.code === 'id_token_invalid') {
        this.stop();
        this.deps.ended?.();
        store.set({ state: 'signed-out', error: failure, previousUser: current.tokens.user });
      } else if (failure.code === 'provider_unreachable') {
        const delay = this.#nextDelay();
        this.#plan(delay, () => void this.#renew());
        store.set({ ...store.current, error: retrying(failure, delay, 'You are still signed in.') });
      } else {
        store.set({ ...store.current, error: failure });
      }
      return undefined;
    }
  }

  /** A session that cannot be renewed any more is removed from the keychain too. */
  async #settle(error: unknown): Promise<AuthError> {
    const failure = fromUnexpected(error, 'internal_error');
    this.deps.log.warn('refresh failed', { code: failure.code });
    if (failure.code === 'session_expired' || failure.code === 'id_token_invalid') {
      await this.deps.vault.remove().catch(() => undefined);
    }
    return failure;
  }

  #nextDelay(): number {
    return retryDelayMs(this.#failures++);
  }

  #plan(ms: number, run: () => void): void {
    this.#cancelTimer?.();
    this.#cancelTimer = this.deps.schedule(ms, run);
  }
}

/** A minute before expiry, or half the lifetime for tokens that live less than two minutes. */
function marginFor(tokens: TokenSet): number {
  return Math.min(EXPIRY_MARGIN_MS, (tokens.accessTokenExpiresAt - tokens.obtainedAt) / 2);
}

function retrying(failure: AuthError, delayMs: number, kept: string): AuthError {
  const seconds = Math.round(delayMs / 1000);
  return new AuthError(failure.code, `${failure.message} ${kept} Trying again in ${seconds} s.`, {
    cause: failure,
  });
}

function sessionEnded(): AuthError {
  return new AuthError('session_expired', 'Your session has ended. Please sign in again.');
}
