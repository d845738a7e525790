import type { SessionView } from '../shared/ipc-contract.js';
import { AuthError, asAuthError } from './auth-error.js';
import { retryDelayMs, type Schedule } from './backoff.js';
import type { Clock, Logger } from './ports.js';
import type { RefreshTokenVault } from './refresh-token-vault.js';
import type { SessionStore } from './session-store.js';
import type { TokenRefresher } from './token-refresher.js';
import type { TokenSet } from './token-set.js';

/** Refresh this long before the access token expires, so no request leaves with a dying token. */
export const EXPIRY_MARGIN_MS = 60_000;

export interface TokenKeeperDeps {
  readonly store: SessionStore;
  readonly refresher: TokenRefresher;
  readonly vault: RefreshTokenVault;
  readonly clock: Clock;
  readonly schedule: Schedule;
  readonly log: Logger;
}

/**
 * Keeps a signed-in session's tokens usable: restores from the keychain at start, refreshes
 * before expiry and on demand (single-flight, in {@link TokenRefresher}), and rides out outages.
 *
 * - A transient failure (network, timeout, 5xx) keeps the session and the stored refresh token,
 *   says so in the view, and retries with backoff; a still-valid access token keeps being used.
 * - `invalid_grant` ends the session: the keychain entry is deleted (RFC 6749 §5.2, RFC 9700 §4.14).
 */
export class TokenKeeper {
  #cancelTimer: (() => void) | undefined;
  #failures = 0;

  constructor(private readonly deps: TokenKeeperDeps) {}

  /** Publish a signed-in session and plan its next refresh. */
  adopt(tokens: TokenSet, error?: AuthError): SessionView {
    this.#failures = 0;
    const view = this.deps.store.set({ state: 'signed-in', tokens, error });
    if (tokens.refreshToken !== undefined) {
      this.#plan(
        tokens.accessTokenExpiresAt - EXPIRY_MARGIN_MS - this.deps.clock(),
        () => void this.#renew(),
      );
    }
    return view;
  }

  /** At start: resume from the keychain's refresh token with one refresh, if there is one. */
  async restore(): Promise<SessionView> {
    const { store, vault, refresher, log } = this.deps;
    store.set({ state: 'restoring' });
    try {
      const refreshToken = await vault.read();
      if (refreshToken === undefined) return store.set({ state: 'signed-out' });
      const { tokens, persistError } = await refresher.restore(refreshToken);
      log.info('session restored');
      return this.adopt(tokens, persistError);
    } catch (error) {
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
    const fresh = tokens.accessTokenExpiresAt - EXPIRY_MARGIN_MS > this.deps.clock();
    if (fresh && (!forceRefresh || tokens.refreshToken === undefined)) return tokens.accessToken;
    const renewed = await this.#renew();
    if (renewed) return renewed.accessToken;
    // Renewal failed for now: a token that has not expired yet is still worth sending.
    if (!forceRefresh && tokens.accessTokenExpiresAt > this.deps.clock()) return tokens.accessToken;
    const state = this.deps.store.current;
    throw (
      (state.state === 'signed-in' || state.state === 'signed-out' ? state.error : undefined) ??
      sessionExpired()
    );
  }

  /** Stop planned refreshes and retries (sign-out, a new sign-in). */
  stop(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.#failures = 0;
  }

  /** Refresh now; on success adopt the tokens, on failure publish why and plan what comes next. */
  async #renew(): Promise<TokenSet | undefined> {
    const current = this.deps.store.current;
    if (current.state !== 'signed-in') return undefined;
    const refreshToken = current.tokens.refreshToken;
    try {
      if (refreshToken === undefined) throw sessionExpired();
      const { tokens, persistError } = await this.deps.refresher.refresh({ ...current.tokens, refreshToken });
      if (this.deps.store.current.state === 'signed-in') this.adopt(tokens, persistError);
      return tokens;
    } catch (error) {
      const failure = await this.#settle(error);
      const now = this.deps.store.current;
      if (now.state !== 'signed-in') return undefined;
      if (failure.code === 'session_expired') {
        this.stop();
        this.deps.store.set({ state: 'signed-out', error: failure });
      } else {
        const delay = this.#nextDelay();
        this.#plan(delay, () => void this.#renew());
        this.deps.store.set({ ...now, error: retrying(failure, delay, 'You are still signed in.') });
      }
      return undefined;
    }
  }

  /** `invalid_grant` means the refresh token is dead: remove it from the keychain too. */
  async #settle(error: unknown): Promise<AuthError> {
    const failure = asAuthError(error, 'internal_error');
    this.deps.log.warn('refresh failed', { code: failure.code });
    if (failure.code === 'session_expired') await this.deps.vault.remove().catch(() => undefined);
    return failure;
  }

  #nextDelay(): number {
    return retryDelayMs(this.#failures++);
  }

  #plan(ms: number, run: () => void): void {
    this.#cancelTimer?.();
    this.#cancelTimer = this.deps.schedule(Math.max(0, ms), run);
  }
}

function retrying(failure: AuthError, delayMs: number, kept: string): AuthError {
  const seconds = Math.round(delayMs / 1000);
  return new AuthError(failure.code, `${failure.message} ${kept} Trying again in ${seconds} s.`, {
    cause: failure,
  });
}

function sessionExpired(): AuthError {
  return new AuthError('session_expired', 'Your session has ended. Please sign in again.');
}
