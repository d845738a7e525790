import type { SessionView } from '../shared/ipc-contract';
import { AuthError, isAuthError } from './auth-error';
import { buildAuthorizationRequestUrl, exchangeAuthorizationCode } from './authorization-request';
import type { AppConfig } from './config';
import { fromProviderErrorCode } from './map-oauth-error';
import { createPendingAuthorization, PendingAuthorizations } from './pending-authorizations';
import { parseCallbackUrl } from './parse-callback-url';
import type { BrowserLauncher, Clock, Logger, SecretStore } from './ports';
import { silentLogger } from './ports';
import type { ProviderClient } from './provider-client';
import { RefreshTokenVault } from './refresh-token-vault';
import { revokeSession } from './revoke-session';
import { type SessionState, toSessionView } from './session-view';
import { TokenRefresher } from './token-refresher';

/** Refresh this long before the access token expires, so a request never leaves with a dying token. */
const EXPIRY_MARGIN_MS = 60_000;

export interface SessionDeps {
  readonly config: AppConfig;
  readonly provider: ProviderClient;
  readonly secrets: SecretStore;
  readonly browser: BrowserLauncher;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Calls `run` after `ms`; returns a cancel function. Injected so tests control time. */
  readonly schedule?: (ms: number, run: () => void) => () => void;
}

/** What happened to a URL handed to {@link Session.handleRedirect}. */
export type RedirectOutcome = 'ignored' | 'rejected' | 'completed' | 'failed';

/**
 * One user's session with one provider: the state machine behind every screen.
 *
 * signed-out → awaiting-browser → exchanging → signed-in → signed-out, with restoring at start.
 * Every transition publishes a {@link SessionView}; errors land in the state they leave the user
 * in, with a specific code, so nothing is ever thrown at the UI.
 */
export class Session {
  #state: SessionState = { state: 'signed-out' };
  readonly #listeners = new Set<(view: SessionView) => void>();
  readonly #pending: PendingAuthorizations;
  readonly #vault: RefreshTokenVault;
  readonly #refresher: TokenRefresher;
  readonly #clock: Clock;
  readonly #log: Logger;
  #cancelTimeout: (() => void) | undefined;

  constructor(private readonly deps: SessionDeps) {
    this.#clock = deps.clock ?? Date.now;
    this.#log = deps.logger ?? silentLogger;
    this.#pending = new PendingAuthorizations(this.#clock);
    this.#vault = new RefreshTokenVault(deps.secrets, deps.config.issuer, deps.config.clientId);
    this.#refresher = new TokenRefresher({
      provider: deps.provider,
      vault: this.#vault,
      clock: this.#clock,
      requestedScopes: deps.config.scopes,
    });
  }

  view(): SessionView {
    return toSessionView(this.#state, this.deps.config.issuer);
  }

  /** Subscribe to state changes; returns the unsubscribe function. */
  subscribe(listener: (view: SessionView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** At start: resume from the keychain's refresh token with one refresh, if there is one. */
  async restore(): Promise<SessionView> {
    this.#set({ state: 'restoring' });
    try {
      const refreshToken = await this.#vault.read();
      if (refreshToken === undefined) return this.#set({ state: 'signed-out' });
      const { tokens, persistError } = await this.#refresher.restore(refreshToken);
      this.#log.info('session restored');
      return this.#set({ state: 'signed-in', tokens, error: persistError });
    } catch (error) {
      return this.#set({ state: 'signed-out', error: await this.#endSessionOn(error) });
    }
  }

  /** Start an authorization in the system browser (RFC 8252 §6). One attempt at a time. */
  async signIn(): Promise<SessionView> {
    if (this.#state.state !== 'signed-out') {
      throw new AuthError('sign_in_in_progress', 'A sign-in is already in progress or you are already signed in.');
    }
    const { config } = this.deps;
    try {
      const configuration = await this.deps.provider.get();
      const pending = await createPendingAuthorization(config.redirectUri, config.authorizationTimeoutSeconds, this.#clock);
      const authorizationUrl = buildAuthorizationRequestUrl(configuration, config, pending);
      this.#pending.add(pending);
      this.#set({ state: 'awaiting-browser', pending, authorizationUrl });
      this.#startTimeout(pending.state, pending.expiresAt - this.#clock());
      await this.deps.browser.open(authorizationUrl);
      this.#log.info('authorization started');
    } catch (error) {
      this.#abandonPending();
      this.#set({ state: 'signed-out', error: asAuthError(error, 'browser_launch_failed', 'The browser could not be opened.') });
    }
    return this.view();
  }

  /** The user gave up waiting for the browser. */
  cancel(): SessionView {
    if (this.#state.state === 'awaiting-browser') {
      this.#abandonPending();
      this.#set({ state: 'signed-out' });
    }
    return this.view();
  }

  /**
   * A URL arrived from the OS. Only a callback whose `state` matches the pending attempt may reach
   * the token endpoint (RFC 6749 §10.12, RFC 9700 §4.7); anything else changes nothing but an error.
   */
  async handleRedirect(rawUrl: string): Promise<RedirectOutcome> {
    const callback = parseCallbackUrl(rawUrl, this.deps.config.redirectUri);
    if (callback.kind === 'not-ours') {
      this.#log.debug('ignored a URL that is not a callback', { reason: callback.reason });
      return 'ignored';
    }
    if (callback.kind === 'malformed') {
      return this.#reject(new AuthError('callback_invalid', `The sign-in response was malformed (${callback.reason}) and was ignored.`));
    }
    const match = callback.state === undefined ? ({ status: 'unknown' } as const) : this.#pending.take(callback.state);
    if (match.status === 'expired') {
      return this.#reject(new AuthError('authorization_expired', 'That sign-in attempt expired. Please sign in again.'));
    }
    if (match.status === 'unknown') {
      return this.#reject(new AuthError('state_mismatch', 'A sign-in response arrived that does not belong to this sign-in attempt; it was ignored.'));
    }
    this.#abandonPending();
    if (callback.kind === 'provider-error') {
      this.#set({ state: 'signed-out', error: fromProviderErrorCode(callback.error, callback.description, 'The identity provider') });
      return 'failed';
    }
    this.#set({ state: 'exchanging' });
    try {
      const configuration = await this.deps.provider.get();
      const tokens = await exchangeAuthorizationCode(configuration, callback.url, match.pending, {
        clock: this.#clock,
        requestedScopes: this.deps.config.scopes,
      });
      const persistError = tokens.refreshToken ? await this.#vault.save(tokens.refreshToken).then(() => undefined, (e: AuthError) => e) : undefined;
      this.#set({ state: 'signed-in', tokens, error: persistError });
      this.#log.info('signed in', { refreshTokenStored: Boolean(tokens.refreshToken) && !persistError });
      return 'completed';
    } catch (error) {
      this.#set({ state: 'signed-out', error: asAuthError(error, 'internal_error', 'Sign-in could not be completed.') });
      return 'failed';
    }
  }

  /**
   * The access token for an API call, refreshed first when it is about to expire or when
   * `forceRefresh` says the API rejected it.
   */
  async accessToken({ forceRefresh = false } = {}): Promise<string> {
    const current = this.#state;
    if (current.state !== 'signed-in') throw new AuthError('not_signed_in', 'Sign in first.');
    const { tokens } = current;
    const fresh = tokens.accessTokenExpiresAt - EXPIRY_MARGIN_MS > this.#clock();
    if (fresh && !forceRefresh) return tokens.accessToken;
    if (tokens.refreshToken === undefined) {
      if (fresh) return tokens.accessToken;
      this.#set({ state: 'signed-out', error: new AuthError('session_expired', 'Your session has ended. Please sign in again.') });
      throw new AuthError('session_expired', 'Your session has ended. Please sign in again.');
    }
    try {
      const outcome = await this.#refresher.refresh({ ...tokens, refreshToken: tokens.refreshToken });
      if (this.#state.state === 'signed-in') this.#set({ state: 'signed-in', tokens: outcome.tokens, error: outcome.persistError });
      return outcome.tokens.accessToken;
    } catch (error) {
      const authError = await this.#endSessionOn(error);
      if (authError.code === 'session_expired') this.#set({ state: 'signed-out', error: authError });
      throw authError;
    }
  }

  /** Sign out: revoke at the provider (RFC 7009) when it can, forget the keychain entry and memory. */
  async signOut(): Promise<SessionView> {
    const current = this.#state;
    this.#abandonPending();
    const tokens = current.state === 'signed-in' ? current.tokens : undefined;
    if (tokens) await revokeSession(this.deps.provider, tokens, this.#log);
    try {
      await this.#vault.remove();
      this.#set({ state: 'signed-out' });
    } catch (error) {
      this.#set({ state: 'signed-out', error: error as AuthError });
    }
    return this.view();
  }

  #set(state: SessionState): SessionView {
    this.#state = state;
    const view = this.view();
    for (const listener of this.#listeners) listener(view);
    return view;
  }

  #reject(error: AuthError): RedirectOutcome {
    this.#log.warn('rejected a callback', { code: error.code });
    const current = this.#state;
    if (current.state === 'awaiting-browser' || current.state === 'signed-in' || current.state === 'signed-out') {
      this.#set({ ...current, error });
    }
    return 'rejected';
  }

  #startTimeout(state: string, ms: number): void {
    const schedule = this.deps.schedule ?? defaultSchedule;
    this.#cancelTimeout = schedule(ms, () => {
      if (this.#state.state !== 'awaiting-browser' || this.#state.pending.state !== state) return;
      this.#abandonPending();
      this.#set({ state: 'signed-out', error: new AuthError('authorization_expired', 'The browser did not come back in time. Please sign in again.') });
    });
  }

  #abandonPending(): void {
    this.#cancelTimeout?.();
    this.#cancelTimeout = undefined;
    this.#pending.clear();
  }

  /** `invalid_grant` on refresh means the refresh token is dead: remove it from the keychain. */
  async #endSessionOn(error: unknown): Promise<AuthError> {
    const authError = asAuthError(error, 'internal_error', 'Your session could not be restored.');
    if (authError.code === 'session_expired') await this.#vault.remove().catch(() => undefined);
    return authError;
  }
}

function asAuthError(error: unknown, code: AuthError['code'], message: string): AuthError {
  return isAuthError(error) ? error : new AuthError(code, message, { cause: error });
}

function defaultSchedule(ms: number, run: () => void): () => void {
  const timer = setTimeout(run, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
}
