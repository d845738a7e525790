import type { SessionView } from '../shared/ipc-contract.js';
import { AuthError, isAuthError } from './auth-error.js';
import { buildAuthorizationRequestUrl, exchangeAuthorizationCode } from './authorization-request.js';
import type { AppConfig } from './config.js';
import { matchCallback } from './match-callback.js';
import { createPendingAuthorization, PendingAuthorizations } from './pending-authorizations.js';
import { type BrowserLauncher, type Clock, type Logger, type SecretStore, silentLogger } from './ports.js';
import type { ProviderClient } from './provider-client.js';
import type { RedirectOutcome, RedirectReceiver } from './redirect-receiver.js';
import { RefreshTokenVault } from './refresh-token-vault.js';
import { revokeSession } from './revoke-session.js';
import { type SessionState, toSessionView } from './session-view.js';
import { TokenRefresher } from './token-refresher.js';

/** Refresh this long before the access token expires, so no request leaves with a dying token. */
const EXPIRY_MARGIN_MS = 60_000;

export interface SessionDeps {
  readonly config: AppConfig;
  readonly provider: ProviderClient;
  readonly secrets: SecretStore;
  readonly browser: BrowserLauncher;
  /** Where the browser returns to: the private-use scheme, a loopback listener, or a choice. */
  readonly redirect: RedirectReceiver;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Calls `run` after `ms`; returns a cancel function. Injected so tests control time. */
  readonly schedule?: (ms: number, run: () => void) => () => void;
}

/**
 * One user's session with one provider: the state machine behind every screen.
 *
 * signed-out → awaiting-browser → exchanging → signed-in → signed-out, with restoring at start.
 * Every transition publishes a {@link SessionView}; a failure lands in the state it leaves the
 * user in, with a specific code.
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
  #closeRedirect: (() => void) | undefined;

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
      return this.#set({ state: 'signed-out', error: await this.#onRefreshFailure(error) });
    }
  }

  /**
   * Start an authorization in the system browser (RFC 8252 §6). One attempt at a time: a new
   * sign-in supersedes one still waiting, whose late redirect is then refused as stale.
   */
  async signIn(): Promise<SessionView> {
    if (this.#state.state !== 'signed-out' && this.#state.state !== 'awaiting-browser') {
      throw new AuthError('sign_in_in_progress', 'A sign-in is already in progress, or you are signed in.');
    }
    this.#forgetPending();
    const { config } = this.deps;
    try {
      const configuration = await this.deps.provider.get();
      const redirect = await this.deps.redirect.open((url) => this.handleRedirect(url));
      this.#closeRedirect = () => redirect.close();
      const lifetime = config.authorizationTimeoutSeconds;
      const pending = await createPendingAuthorization(redirect.redirectUri, lifetime, this.#clock);
      const authorizationUrl = buildAuthorizationRequestUrl(configuration, config, pending);
      this.#pending.add(pending);
      this.#set({ state: 'awaiting-browser', pending, authorizationUrl, redirect });
      this.#cancelTimeout = (this.deps.schedule ?? defaultSchedule)(lifetime * 1000, () => this.#expire());
      await this.deps.browser.open(authorizationUrl);
      this.#log.info('authorization started', { redirect: redirect.mode });
    } catch (error) {
      this.#forgetPending();
      this.#set({ state: 'signed-out', error: asAuthError(error, 'browser_launch_failed') });
    }
    return this.view();
  }

  /** The user gave up waiting for the browser. */
  cancel(): SessionView {
    if (this.#state.state === 'awaiting-browser') {
      this.#forgetPending();
      this.#set({ state: 'signed-out' });
    }
    return this.view();
  }

  /** A URL arrived from the OS: exchange it if it answers the pending attempt, else say why not. */
  async handleRedirect(rawUrl: string): Promise<RedirectOutcome> {
    const current = this.#state;
    const inUse = [
      current.state === 'awaiting-browser' ? current.pending.redirectUri : undefined,
      this.deps.config.redirectUri,
    ];
    const decision = matchCallback(
      rawUrl,
      inUse.filter((uri) => uri !== undefined),
      this.#pending,
    );
    if (decision.action === 'ignore') {
      this.#log.debug('ignored a URL that is not a callback', { reason: decision.reason });
      return 'ignored';
    }
    if (decision.action === 'reject') {
      this.#log.warn('rejected a callback', { code: decision.error.code });
      if (current.state !== 'restoring' && current.state !== 'exchanging')
        this.#set({ ...current, error: decision.error });
      return 'rejected';
    }
    this.#forgetPending();
    if (decision.action === 'fail') {
      this.#set({ state: 'signed-out', error: decision.error });
      return 'failed';
    }
    this.#set({ state: 'exchanging' });
    try {
      const configuration = await this.deps.provider.get();
      const context = { clock: this.#clock, requestedScopes: this.deps.config.scopes };
      const tokens = await exchangeAuthorizationCode(configuration, decision.url, decision.pending, context);
      const persistError = tokens.refreshToken ? await this.#save(tokens.refreshToken) : undefined;
      this.#set({ state: 'signed-in', tokens, error: persistError });
      this.#log.info('signed in', { refreshTokenStored: Boolean(tokens.refreshToken) && !persistError });
      return 'completed';
    } catch (error) {
      this.#set({ state: 'signed-out', error: asAuthError(error, 'internal_error') });
      return 'failed';
    }
  }

  /** A valid access token, refreshed first when about to expire or when the API rejected it. */
  async accessToken({ forceRefresh = false } = {}): Promise<string> {
    if (this.#state.state !== 'signed-in') throw new AuthError('not_signed_in', 'Sign in first.');
    const { tokens } = this.#state;
    const fresh = tokens.accessTokenExpiresAt - EXPIRY_MARGIN_MS > this.#clock();
    if (fresh && (!forceRefresh || tokens.refreshToken === undefined)) return tokens.accessToken;
    try {
      if (tokens.refreshToken === undefined) throw sessionExpired();
      const outcome = await this.#refresher.refresh({ ...tokens, refreshToken: tokens.refreshToken });
      if (this.#state.state === 'signed-in') {
        this.#set({ state: 'signed-in', tokens: outcome.tokens, error: outcome.persistError });
      }
      return outcome.tokens.accessToken;
    } catch (error) {
      const authError = await this.#onRefreshFailure(error);
      if (authError.code === 'session_expired') this.#set({ state: 'signed-out', error: authError });
      throw authError;
    }
  }

  /** Sign out: revoke at the provider (RFC 7009) when it can, then forget keychain and memory. */
  async signOut(): Promise<SessionView> {
    const current = this.#state;
    this.#forgetPending();
    if (current.state === 'signed-in') await revokeSession(this.deps.provider, current.tokens, this.#log);
    try {
      await this.#vault.remove();
      return this.#set({ state: 'signed-out' });
    } catch (error) {
      return this.#set({ state: 'signed-out', error: asAuthError(error, 'keychain_unavailable') });
    }
  }

  #set(state: SessionState): SessionView {
    this.#state = state;
    const view = this.view();
    for (const listener of this.#listeners) listener(view);
    return view;
  }

  #save(refreshToken: string): Promise<AuthError | undefined> {
    return this.#vault.save(refreshToken).then(
      () => undefined,
      (error: unknown) => asAuthError(error, 'keychain_unavailable'),
    );
  }

  #expire(): void {
    if (this.#state.state !== 'awaiting-browser') return;
    this.#forgetPending();
    const message = 'The browser did not come back in time. Please sign in again.';
    this.#set({ state: 'signed-out', error: new AuthError('authorization_expired', message) });
  }

  /** End the attempt in flight, if any: its timer, its redirect listener, its pending state. */
  #forgetPending(): void {
    this.#cancelTimeout?.();
    this.#closeRedirect?.();
    this.#cancelTimeout = undefined;
    this.#closeRedirect = undefined;
    this.#pending.clear();
  }

  /** `invalid_grant` on refresh means the refresh token is dead: remove it from the keychain. */
  async #onRefreshFailure(error: unknown): Promise<AuthError> {
    const authError = asAuthError(error, 'internal_error');
    if (authError.code === 'session_expired') await this.#vault.remove().catch(() => undefined);
    return authError;
  }
}

function sessionExpired(): AuthError {
  return new AuthError('session_expired', 'Your session has ended. Please sign in again.');
}

function asAuthError(error: unknown, code: AuthError['code']): AuthError {
  if (isAuthError(error)) return error;
  return new AuthError(code, 'Something went wrong while signing in. Please try again.', { cause: error });
}

function defaultSchedule(ms: number, run: () => void): () => void {
  const timer = setTimeout(run, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
}
