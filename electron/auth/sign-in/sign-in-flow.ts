import type { SessionView } from '../../shared/ipc-contract.js';
import { AuthError, fromUnexpected } from '../errors.js';
import { buildAuthorizationRequestUrl, exchangeAuthorizationCode } from './authorization-request.js';
import { type AppConfig, usesOpenId } from '../config/config.js';
import { matchCallback } from '../redirect/match-callback.js';
import { createPendingAuthorization, PendingAuthorizations } from './pending-authorizations.js';
import type {
  BrowserLauncher,
  Clock,
  Logger,
  RedirectOutcome,
  RedirectReceiver,
  Schedule,
} from '../ports.js';
import type { ProofOfPossession } from '../dpop/proof-of-possession.js';
import type { ProviderClient } from '../provider/provider-client.js';
import { revokeSession } from '../sign-out/revoke-session.js';
import type { SessionStore } from '../session-store.js';
import type { TokenSet } from '../tokens/token-set.js';

export interface SignInFlowDeps {
  readonly config: AppConfig;
  readonly provider: ProviderClient;
  readonly proofOfPossession: ProofOfPossession;
  readonly browser: BrowserLauncher;
  readonly redirect: RedirectReceiver;
  readonly store: SessionStore;
  readonly clock: Clock;
  readonly schedule: Schedule;
  readonly log: Logger;
  /** Takes over the tokens of a completed sign-in (store them, publish signed-in). */
  readonly signedIn: (tokens: TokenSet) => Promise<void>;
}

/**
 * The authorization code flow for a native app (RFC 8252 §4.1, RFC 7636): open the request in
 * the system browser, wait for the redirect, match it to the one pending attempt, exchange the code.
 * One attempt at a time; every attempt ends by completion, provider error, cancel, timeout or
 * being superseded, and its redirect listener and timer end with it.
 */
export class SignInFlow {
  readonly #pending: PendingAuthorizations;
  #endAttempt: (() => void) | undefined;

  constructor(private readonly deps: SignInFlowDeps) {
    this.#pending = new PendingAuthorizations(deps.clock);
  }

  /**
   * Start an attempt; a waiting one is superseded and its late redirect refused as stale.
   * `loginHint` names who should sign in (OIDC Core §3.1.2.1), e.g. the user whose session ended.
   */
  async start(options: { readonly loginHint?: string | undefined } = {}): Promise<SessionView> {
    const { store, config } = this.deps;
    const state = store.current.state;
    if (state !== 'signed-out' && state !== 'awaiting-browser') {
      throw new AuthError('sign_in_in_progress', 'A sign-in is already in progress, or you are signed in.');
    }
    this.abandon();
    // What ending this attempt must undo grows as it starts; a newer attempt or a cancel may end it
    // at any await below.
    const attempt = { ended: false, cleanups: [] as Array<() => void> };
    this.#endAttempt = () => {
      attempt.ended = true;
      for (const cleanup of attempt.cleanups) cleanup();
    };
    try {
      const configuration = await this.deps.provider.get();
      const adoptKey = await this.deps.proofOfPossession.begin(configuration);
      if (attempt.ended) return store.view();
      adoptKey();
      const lifetime = config.authorizationTimeoutSeconds;
      const redirect = await this.deps.redirect.open((url) => this.handleRedirect(url));
      if (attempt.ended) {
        redirect.close(); // superseded or cancelled meanwhile
        return store.view();
      }
      attempt.cleanups.push(() => redirect.close());
      const created = await createPendingAuthorization(redirect.redirectUri, lifetime, this.deps.clock);
      const pending = { ...created, loginHint: options.loginHint };
      if (attempt.ended) return store.view();
      const dpop = this.deps.proofOfPossession.options(configuration);
      const authorizationUrl = await buildAuthorizationRequestUrl(configuration, config, pending, dpop);
      if (attempt.ended) return store.view();
      attempt.cleanups.push(this.deps.schedule(lifetime * 1000, () => this.#expire(pending.state)));
      this.#pending.add(pending);
      store.set({ state: 'awaiting-browser', pending, redirect });
      await this.deps.browser.open(authorizationUrl);
      this.deps.log.info('authorization started', { redirect: redirect.mode });
    } catch (error) {
      if (attempt.ended) return store.view(); // superseded meanwhile: the newer attempt owns the state
      this.abandon();
      store.set({ state: 'signed-out', error: fromUnexpected(error, 'browser_launch_failed') });
    }
    return store.view();
  }

  /**
   * Open the pending attempt's authorization request again (the user closed the tab or the browser
   * did not come up). Same `state`, same PKCE challenge: it is still one attempt (RFC 8252 §6).
   * A pushed request is pushed again, since its `request_uri` is single-use and short-lived
   * (RFC 9126 §2.2, §4).
   */
  async reopen(): Promise<SessionView> {
    const { store, config } = this.deps;
    const current = store.current;
    if (current.state !== 'awaiting-browser') {
      throw new AuthError('invalid_request', 'No sign-in is waiting for the browser. Sign in to start one.');
    }
    const configuration = await this.deps.provider.get();
    const dpop = this.deps.proofOfPossession.options(configuration);
    const authorizationUrl = await buildAuthorizationRequestUrl(configuration, config, current.pending, dpop);
    if (store.current !== current) return store.view(); // cancelled or completed meanwhile
    await this.deps.browser.open(authorizationUrl);
    return store.view();
  }

  /** The user gave up waiting for the browser. */
  cancel(): SessionView {
    if (this.deps.store.current.state !== 'awaiting-browser') return this.deps.store.view();
    this.abandon();
    return this.deps.store.set({ state: 'signed-out' });
  }

  /** A URL from the OS or the loopback listener: exchange it if it answers the pending attempt. */
  async handleRedirect(rawUrl: string): Promise<RedirectOutcome> {
    const { store, config, log } = this.deps;
    const current = store.current;
    const waitingAt = current.state === 'awaiting-browser' ? current.pending.redirectUri : undefined;
    const inUse = [waitingAt, config.redirectUri].filter((uri) => uri !== undefined);
    const decision = matchCallback(rawUrl, inUse, this.#pending);
    if (decision.action === 'ignore') {
      log.debug('ignored a URL that is not a callback', { reason: decision.reason });
      return 'ignored';
    }
    if (decision.action === 'reject') {
      log.warn('rejected a callback', { code: decision.error.code });
      if (current.state !== 'restoring' && current.state !== 'exchanging')
        store.set({ ...current, error: decision.error });
      return 'rejected';
    }
    this.abandon();
    if (decision.action === 'fail') {
      store.set({ state: 'signed-out', error: await this.#fromOurProvider(decision.error, decision.iss) });
      return 'failed';
    }
    store.set({ state: 'exchanging' });
    const epoch = store.epoch;
    try {
      const configuration = await this.deps.provider.get();
      const context = {
        clock: this.deps.clock,
        requestedScopes: config.scopes,
        openId: usesOpenId(config),
        dpop: this.deps.proofOfPossession.options(configuration),
      };
      const tokens = await exchangeAuthorizationCode(configuration, decision.url, decision.pending, context);
      if (store.epoch !== epoch) {
        // Signed out while the code was being exchanged: end this grant too (RFC 7009).
        await revokeSession(this.deps.provider, tokens);
        return 'failed';
      }
      await this.deps.signedIn(tokens);
      return 'completed';
    } catch (error) {
      if (store.epoch === epoch)
        store.set({ state: 'signed-out', error: fromUnexpected(error, 'internal_error') });
      return 'failed';
    }
  }

  /** End the attempt in flight, if any: its timer, its redirect listener, its pending state. */
  abandon(): void {
    this.#endAttempt?.();
    this.#endAttempt = undefined;
    this.#pending.clear();
  }

  /**
   * An error response must name our issuer when the provider identifies itself (RFC 9207 §2.4);
   * otherwise it may come from another provider in a mix-up attack and is not shown as ours.
   */
  async #fromOurProvider(error: AuthError, iss: string | undefined): Promise<AuthError> {
    const advertised = await this.deps.provider.get().then(
      (configuration) =>
        configuration.serverMetadata().authorization_response_iss_parameter_supported === true,
      () => false,
    );
    if (iss === this.deps.config.issuer || (iss === undefined && !advertised)) return error;
    return new AuthError(
      'callback_invalid',
      'A sign-in error arrived that did not come from your identity provider.',
    );
  }

  #expire(state: string): void {
    const current = this.deps.store.current;
    if (current.state !== 'awaiting-browser' || current.pending.state !== state) return;
    this.abandon();
    const message = 'The browser did not come back in time. Please sign in again.';
    this.deps.store.set({ state: 'signed-out', error: new AuthError('authorization_expired', message) });
  }
}
