import type { Configuration } from 'openid-client';
import type { AppConfig } from '../config/config.js';
import type { ProofOfPossession } from '../dpop/proof-of-possession.js';
import { AuthError, fromUnexpected } from '../errors.js';
import type {
  BrowserLauncher,
  Clock,
  Logger,
  OpenRedirect,
  RedirectOutcome,
  RedirectReceiver,
  Schedule,
} from '../ports.js';
import type { ProviderClient } from '../provider/provider-client.js';
import { type CallbackDecision, matchCallback } from '../redirect/match-callback.js';
import { buildAuthorizationRequestUrl } from './authorization-request.js';
import {
  type AttemptRequest,
  createPendingAuthorization,
  type PendingAuthorization,
  PendingAuthorizations,
} from './pending-authorizations.js';

export interface AttemptRunnerDeps {
  readonly config: AppConfig;
  readonly provider: ProviderClient;
  readonly proofOfPossession: ProofOfPossession;
  readonly browser: BrowserLauncher;
  readonly redirect: RedirectReceiver;
  readonly clock: Clock;
  readonly schedule: Schedule;
  readonly log: Logger;
  /** Where a URL the attempt's redirect listener receives goes. */
  readonly onRedirect: (url: string) => Promise<RedirectOutcome>;
  /** The attempt of this `state` outlived its lifetime (its timer fired, or it was found late). */
  readonly onExpired: (state: string) => void;
}

/** The waiting attempt's authorization request, built again (see {@link AttemptRunner.again}). */
export interface RequestAgain {
  readonly url: URL;
  readonly configuration: Configuration;
  readonly pending: PendingAuthorization;
  /** Settles when this attempt ends, however it ends. */
  readonly ended: () => Promise<void>;
}

/**
 * The mechanics of one authorization attempt at a time (RFC 8252 §4.1): a redirect listener,
 * fresh PKCE, `state` and `nonce` (RFC 7636), the request (pushed when offered, RFC 9126), its
 * lifetime, the system browser; then matching what comes back to it, and ending it. What an
 * attempt is for, and what its completion means, is the sign-in flow's.
 */
export class AttemptRunner {
  readonly #pending: PendingAuthorizations;
  #attempt: Attempt | undefined;

  constructor(private readonly deps: AttemptRunnerDeps) {
    this.#pending = new PendingAuthorizations(deps.clock);
  }

  /**
   * Start an attempt, ending any other, and open its request in the browser; `show` publishes it
   * as waiting just before. Returns why it failed, or undefined (also when it was ended meanwhile).
   */
  async launch(
    request: AttemptRequest,
    show: (pending: PendingAuthorization, redirect: OpenRedirect) => void,
  ): Promise<AuthError | undefined> {
    const { config, proofOfPossession } = this.deps;
    this.stop();
    const attempt: Attempt = { ended: false, cleanups: [] };
    this.#attempt = attempt;
    try {
      const configuration = await this.deps.provider.get();
      // A sign-in makes a new DPoP key; a step-up keeps the session's, which its tokens are bound to.
      if (request.purpose === 'sign-in') {
        const adoptKey = await proofOfPossession.begin(configuration);
        if (attempt.ended) return undefined;
        adoptKey();
      }
      const lifetime = config.authorizationTimeoutSeconds;
      const redirect = await this.deps.redirect.open((url) => this.deps.onRedirect(url));
      if (attempt.ended) {
        redirect.close(); // superseded or cancelled meanwhile
        return undefined;
      }
      attempt.cleanups.push(() => redirect.close());
      const created = await createPendingAuthorization(redirect.redirectUri, lifetime, this.deps.clock);
      const pending = { ...created, request };
      if (attempt.ended) return undefined;
      const dpop = proofOfPossession.options(configuration);
      const authorizationUrl = await buildAuthorizationRequestUrl(configuration, config, pending, dpop);
      if (attempt.ended) return undefined;
      attempt.cleanups.push(this.deps.schedule(lifetime * 1000, () => this.deps.onExpired(pending.state)));
      this.#pending.add(pending);
      attempt.pending = pending;
      show(pending, redirect);
      await this.deps.browser.open(authorizationUrl);
      this.deps.log.info('authorization started', { redirect: redirect.mode, purpose: request.purpose });
      return undefined;
    } catch (error) {
      if (attempt.ended) return undefined; // superseded meanwhile: the newer attempt owns the state
      this.stop();
      return fromUnexpected(error, 'browser_launch_failed');
    }
  }

  /**
   * The request of the attempt `shown()` as waiting (asked before and after the build), built again: same `state`, same PKCE challenge
   * (one attempt, RFC 8252 §6); a pushed request is pushed again, since a `request_uri` is
   * single-use and short-lived (RFC 9126 §2.2, §4). Undefined when the attempt ended meanwhile.
   */
  async again(shown: () => PendingAuthorization | undefined): Promise<RequestAgain | undefined> {
    const attempt = this.#waiting(shown());
    const pending = attempt?.pending;
    if (!attempt || !pending) {
      throw new AuthError('invalid_request', 'No sign-in is waiting for the browser. Sign in to start one.');
    }
    if (pending.expiresAt <= this.deps.clock()) {
      // Its timer has not fired (the machine slept): end it now, as the timer would have.
      this.deps.onExpired(pending.state);
      throw new AuthError('authorization_expired', 'This attempt has expired. Please start again.');
    }
    const configuration = await this.deps.provider.get();
    const dpop = this.deps.proofOfPossession.options(configuration);
    const url = await buildAuthorizationRequestUrl(configuration, this.deps.config, pending, dpop);
    // Still the attempt the window shows, after the push? A sign-out or a new attempt may have come.
    if (this.#waiting(shown()) !== attempt) return undefined;
    const ended = (): Promise<void> =>
      attempt.ended ? Promise.resolve() : new Promise((resolve) => attempt.cleanups.push(resolve));
    return { url, configuration, pending, ended };
  }

  /** What a URL is to the attempt: its answer to exchange, its error, a forgery, or not ours. */
  match(rawUrl: string, redirectUris: readonly string[]): CallbackDecision {
    return matchCallback(rawUrl, redirectUris, this.#pending);
  }

  /** End the attempt in flight, if any: its timer, its redirect listener, its pending state. */
  stop(): void {
    const attempt = this.#attempt;
    this.#attempt = undefined;
    if (attempt) {
      attempt.ended = true;
      for (const cleanup of attempt.cleanups) cleanup();
    }
    this.#pending.clear();
  }

  /** The attempt in flight, when it is the one shown as waiting (not one still starting). */
  #waiting(shown: PendingAuthorization | undefined): Attempt | undefined {
    return shown && this.#attempt?.pending === shown ? this.#attempt : undefined;
  }
}

/**
 * One attempt, from its start: whether it ended, what ending it must undo (its timer, its redirect
 * listener, whoever waits for its end), and its pending authorization once made. It grows as the
 * attempt starts; a newer attempt or a cancel may end it at any step.
 */
interface Attempt {
  ended: boolean;
  pending?: PendingAuthorization;
  readonly cleanups: Array<() => void>;
}
