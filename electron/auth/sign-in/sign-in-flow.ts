import type { SessionView } from '../../shared/ipc-contract.js';
import { AuthError, fromUnexpected } from '../errors.js';
import { AttemptRunner, type AttemptRunnerDeps } from './attempt-runner.js';
import { exchangeAuthorizationCode } from './authorization-request.js';
import { usesOpenId } from '../config/config.js';
import type { CallbackDecision } from '../redirect/match-callback.js';
import { attributeProviderError } from '../redirect/attribute-provider-error.js';
import type { AttemptRequest, PendingAuthorization } from './pending-authorizations.js';
import type { OpenRedirect, RedirectOutcome } from '../ports.js';
import { type SignInLink, toSignInLink } from './sign-in-link.js';
import { revokeSession } from '../sign-out/revoke-session.js';
import type { SessionStore } from '../session-store.js';
import type { SessionState } from '../session-view.js';
import { checkStepUp } from '../step-up/check-step-up.js';
import type { StepUpNeeds } from '../step-up/step-up-needs.js';
import { stepUpCancelled, type StepUpOutcome, WaitingStepUp } from '../step-up/waiting-step-up.js';
import type { TokenSet } from '../tokens/token-set.js';

/** What the flow is wired with: an attempt's parts, and where the session's state and tokens go. */
export interface SignInFlowDeps extends Omit<AttemptRunnerDeps, 'onRedirect' | 'onExpired'> {
  readonly store: SessionStore;
  /** Takes over the tokens of a completed sign-in (store them, publish signed-in). */
  readonly signedIn: (tokens: TokenSet) => Promise<void>;
  /** Takes over the tokens of a completed step-up, which replace the session's. */
  readonly steppedUp: (tokens: TokenSet) => Promise<void>;
}

/**
 * The authorization code flow for a native app (RFC 8252 §4.1, RFC 7636): open the request in
 * the system browser, wait for the redirect, match it to the one pending attempt, exchange the code.
 * One attempt at a time, a sign-in's or a step-up's (RFC 9470 §4, the same flow asking for more);
 * every attempt ends by completion, provider error, cancel, timeout or being superseded, and its
 * redirect listener and timer end with it.
 */
export class SignInFlow {
  readonly #attempts: AttemptRunner;
  readonly #stepUp = new WaitingStepUp();

  constructor(private readonly deps: SignInFlowDeps) {
    this.#attempts = new AttemptRunner({
      ...deps,
      onRedirect: (url) => this.handleRedirect(url),
      onExpired: (state) => this.#expire(state),
    });
  }

  /**
   * Start an attempt; a waiting one is superseded and its late redirect refused as stale.
   * `loginHint` names who should sign in (OIDC Core §3.1.2.1), e.g. the user whose session ended.
   */
  async start(options: { readonly loginHint?: string | undefined } = {}): Promise<SessionView> {
    const { store } = this.deps;
    const state = store.current.state;
    if (state !== 'signed-out' && state !== 'awaiting-browser') {
      throw new AuthError('sign_in_in_progress', 'A sign-in is already in progress, or you are signed in.');
    }
    this.abandon();
    const request = { purpose: 'sign-in', loginHint: options.loginHint } as const;
    const failure = await this.#attempts.launch(request, (pending, redirect) =>
      store.set({ state: 'awaiting-browser', pending, redirect }),
    );
    if (failure) store.set({ state: 'signed-out', error: failure });
    return store.view();
  }

  /**
   * Start a step-up inside the signed-in session (RFC 9470 §4): the same code flow, asking for what
   * `request` names, while the current tokens stay in use. Resolves when the attempt ends: with the
   * new tokens adopted, or with why not (cancelled, expired, refused, superseded).
   */
  async stepUp(needs: StepUpNeeds, request: AttemptRequest): Promise<StepUpOutcome> {
    const { store } = this.deps;
    if (store.current.state !== 'signed-in') throw new AuthError('not_signed_in', 'Sign in first.');
    this.abandon(); // a step-up still waiting is superseded
    const ended = this.#stepUp.wait(needs);
    const failure = await this.#attempts.launch(request, (pending, redirect) => {
      const current = store.current;
      if (current.state !== 'signed-in') return;
      store.set({ ...current, stepUp: { pending, redirect, kind: needs.kind }, error: undefined });
    });
    if (failure) this.#endStepUp({ completed: false, error: failure }, failure);
    return ended;
  }

  /**
   * Open the pending attempt's authorization request again (the user closed the tab or the browser
   * did not come up). Same `state`, same PKCE challenge: it is still one attempt (RFC 8252 §6).
   */
  async reopen(): Promise<SessionView> {
    const again = await this.#attempts.again(() => this.#shown());
    if (again) await this.deps.browser.open(again.url);
    return this.deps.store.view();
  }

  /**
   * The pending attempt's authorization request as a link to copy, for a browser other than the
   * default one (see {@link SignInLink}); nothing is opened. Each call builds it afresh, as
   * {@link reopen} does, so with PAR every copy is a newly pushed, unused `request_uri`.
   */
  async signInLink(): Promise<SignInLink> {
    const again = await this.#attempts.again(() => this.#shown());
    if (!again) throw new AuthError('cancelled', 'The sign-in ended before its link was ready.');
    const { url, configuration, pending, ended } = again;
    const link = toSignInLink(url, {
      configuration,
      pending,
      clientSecret: this.deps.config.clientSecret,
      ended: ended(),
    });
    this.deps.log.info('sign-in link made', { pushed: link.pushed });
    return link;
  }

  /** The pending authorization the window shows waiting for the browser, if any. */
  #shown(): PendingAuthorization | undefined {
    return waitingAttempt(this.deps.store.current)?.pending;
  }

  /** The user gave up waiting for the browser: a sign-in ends signed out, a step-up as it was. */
  cancel(): SessionView {
    const { store } = this.deps;
    if (store.current.state === 'awaiting-browser') {
      this.abandon();
      return store.set({ state: 'signed-out' });
    }
    if (waitingAttempt(store.current)) {
      this.#attempts.stop();
      this.#endStepUp({ completed: false, error: stepUpCancelled() });
    }
    return store.view();
  }

  /** A URL from the OS or the loopback listener: exchange it if it answers the pending attempt. */
  async handleRedirect(rawUrl: string): Promise<RedirectOutcome> {
    const { store, config, log } = this.deps;
    const current = store.current;
    const inUse = [waitingAttempt(current)?.redirect.redirectUri, config.redirectUri].filter(
      (uri) => uri !== undefined,
    );
    const decision = this.#attempts.match(rawUrl, inUse);
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
    if (decision.pending.request?.purpose === 'step-up') return this.#completeStepUp(decision);
    this.abandon();
    if (decision.action === 'fail') {
      store.set({ state: 'signed-out', error: await this.#attribute(decision) });
      return 'failed';
    }
    store.set({ state: 'exchanging' });
    const epoch = store.epoch;
    try {
      const tokens = await this.#exchange(decision.url, decision.pending);
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

  /**
   * The browser came back from a step-up: exchange the code, check that the new tokens are the
   * same user's with what was asked for ({@link checkStepUp}), then let the session adopt them.
   * Whatever goes wrong, the session keeps its tokens and says why.
   */
  async #completeStepUp(decision: Extract<CallbackDecision, { action: 'fail' | 'exchange' }>) {
    const { store } = this.deps;
    const { needs } = this.#stepUp;
    this.#attempts.stop();
    const epoch = store.epoch;
    try {
      if (decision.action === 'fail') throw await this.#attribute(decision);
      const before = store.current;
      if (!needs || before.state !== 'signed-in') return 'failed';
      store.set({ ...before, stepUp: undefined });
      const tokens = await this.#exchange(decision.url, decision.pending, before.tokens);
      const refusal = store.epoch === epoch ? checkStepUp(before.tokens, tokens, needs) : undefined;
      // Tokens nobody will use are revoked, unless they may share the session's grant (same user).
      if (store.epoch !== epoch || (refusal && tokens.user?.sub !== before.tokens.user?.sub)) {
        await revokeSession(this.deps.provider, tokens);
      }
      if (store.epoch !== epoch) return 'failed';
      if (refusal) throw refusal;
      await this.deps.steppedUp(tokens);
      this.#endStepUp({ completed: true });
      return 'completed';
    } catch (error) {
      const failure = fromUnexpected(error, 'step_up_failed');
      if (store.epoch === epoch) this.#endStepUp({ completed: false, error: failure }, failure);
      return 'failed';
    }
  }

  /** Exchange a matched callback's code; for a step-up, `session` supplies what the answer may omit. */
  async #exchange(url: URL, pending: PendingAuthorization, session?: TokenSet): Promise<TokenSet> {
    const { config } = this.deps;
    const configuration = await this.deps.provider.get();
    const context = {
      clock: this.deps.clock,
      requestedScopes: config.scopes,
      openId: usesOpenId(config),
      dpop: this.deps.proofOfPossession.options(configuration),
    };
    const tokens = await exchangeAuthorizationCode(configuration, url, pending, context);
    // A provider that issues no new refresh token leaves the session's one valid (RFC 6749 §6).
    return session ? { ...tokens, refreshToken: tokens.refreshToken ?? session.refreshToken } : tokens;
  }

  /** End the attempt in flight, if any, and a waiting step-up's caller with it. */
  abandon(): void {
    this.#attempts.stop();
    this.#endStepUp({ completed: false, error: stepUpCancelled() });
  }

  /** A step-up ended: the waiting caller learns how, and the window stops showing it. */
  #endStepUp(outcome: StepUpOutcome, shown?: AuthError): void {
    const settle = this.#stepUp.take();
    const current = this.deps.store.current;
    if (current.state === 'signed-in' && (current.stepUp || shown)) {
      this.deps.store.set({ ...current, stepUp: undefined, error: shown ?? current.error });
    }
    settle?.(outcome);
  }

  /** A provider's error from the browser, shown as ours only when it is (RFC 9207 §2.4). */
  #attribute(decision: Extract<CallbackDecision, { action: 'fail' }>): Promise<AuthError> {
    return attributeProviderError(this.deps.provider, this.deps.config.issuer, decision.error, decision.iss);
  }

  /**
   * The attempt of `state` outlived its lifetime. Only the attempt in flight has a timer left, so
   * one the window no longer shows (its session ended meanwhile) is ended quietly.
   */
  #expire(state: string): void {
    const current = this.deps.store.current;
    if (waitingAttempt(current)?.pending.state !== state) {
      this.abandon();
      return;
    }
    const message = 'The browser did not come back in time.';
    if (current.state === 'signed-in') {
      this.#attempts.stop();
      const error = new AuthError('authorization_expired', `${message} Nothing was changed.`);
      this.#endStepUp({ completed: false, error }, error);
      return;
    }
    this.abandon();
    this.deps.store.set({
      state: 'signed-out',
      error: new AuthError('authorization_expired', `${message} Please sign in again.`),
    });
  }
}

/** The attempt waiting for the browser: a sign-in's, or a step-up's inside a signed-in session. */
function waitingAttempt(
  state: SessionState,
): { readonly pending: PendingAuthorization; readonly redirect: OpenRedirect } | undefined {
  if (state.state === 'awaiting-browser') return state;
  return state.state === 'signed-in' ? state.stepUp : undefined;
}
