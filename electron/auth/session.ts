import type { ApiRequest, ApiResponseView, SessionView } from '../shared/ipc-contract.js';
import { callProtectedApi } from './api/api-client.js';
import { AuthError } from './errors.js';
import { defaultSchedule } from './tokens/backoff.js';
import { type AppConfig, usesOpenId } from './config/config.js';
import {
  type BrowserLauncher,
  type Clock,
  type Logger,
  type SecretStore,
  silentLogger,
  type Schedule,
  type RedirectOutcome,
  type RedirectReceiver,
} from './ports.js';
import { ProofOfPossession } from './dpop/proof-of-possession.js';
import type { ProviderClient } from './provider/provider-client.js';
import { RefreshTokenVault, sessionNotSaved } from './tokens/refresh-token-vault.js';
import { SessionStore } from './session-store.js';
import { completeSignOut } from './sign-out/sign-out.js';
import { SignInFlow } from './sign-in/sign-in-flow.js';
import type { SignInLink } from './sign-in/sign-in-link.js';
import { ApiAsks } from './step-up/api-asks.js';
import { stepUpRequest } from './step-up/step-up-request.js';
import { type RefreshTokenCustody, TokenKeeper } from './tokens/token-keeper.js';
import type { TokenSet } from './tokens/token-set.js';

export interface SessionDeps {
  readonly config: AppConfig;
  readonly provider: ProviderClient;
  readonly secrets: SecretStore;
  readonly browser: BrowserLauncher;
  /** Where the browser returns to: the private-use scheme, a loopback listener, or a choice. */
  readonly redirect: RedirectReceiver;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly schedule?: Schedule;
}

/**
 * One user's session with one provider: the state machine behind every screen.
 *
 * signed-out → awaiting-browser → exchanging → signed-in → signed-out, with restoring at start.
 * Every transition publishes a {@link SessionView}; a failure lands in the state it leaves the
 * user in, with a specific code. The work is split by phase: {@link SignInFlow} (RFC 8252 code
 * flow), {@link TokenKeeper} (restore and refresh), {@link completeSignOut}.
 */
export class Session {
  readonly #store: SessionStore;
  readonly #vault: RefreshTokenVault;
  readonly #flow: SignInFlow;
  readonly #keeper: TokenKeeper;
  readonly #proofOfPossession: ProofOfPossession;
  readonly #asks: ApiAsks;
  readonly #clock: Clock;
  readonly #log: Logger;

  constructor(private readonly deps: SessionDeps) {
    const clock = deps.clock ?? Date.now;
    const schedule = deps.schedule ?? defaultSchedule;
    this.#log = deps.logger ?? silentLogger;
    this.#clock = clock;
    this.#asks = new ApiAsks({ config: deps.config, fetch: deps.provider.fetch, log: this.#log });
    this.#store = new SessionStore(deps.config.issuer);
    this.#vault = new RefreshTokenVault(deps.secrets, deps.config.issuer, deps.config.clientId);
    const proofOfPossession = new ProofOfPossession(deps.config.dpop, this.#vault);
    this.#proofOfPossession = proofOfPossession;
    const refresh = {
      provider: deps.provider,
      vault: this.#vault,
      clock,
      requestedScopes: deps.config.scopes,
      openId: usesOpenId(deps.config),
      proofOfPossession,
    };
    const store = this.#store;
    this.#keeper = new TokenKeeper({
      store,
      refresh,
      vault: this.#vault,
      clock,
      schedule,
      log: this.#log,
      ended: () => this.#flow.abandon(),
    });
    this.#flow = new SignInFlow({
      ...deps,
      proofOfPossession,
      store,
      clock,
      schedule,
      log: this.#log,
      signedIn: (tokens) => this.#signedIn(tokens),
      steppedUp: (tokens) => this.#steppedUp(tokens),
    });
  }

  view(): SessionView {
    return this.#store.view();
  }

  /**
   * Where the refresh token is kept: the keychain, only memory (saving it failed), or none issued.
   * The view tells the window "signed in, but not saved" in words; this says it as data, with the
   * keychain's error as `cause`, for diagnostics in main such as `npm run smoke`. It never crosses
   * to the renderer, and holds no secret.
   */
  refreshTokenCustody(): RefreshTokenCustody {
    return this.#keeper.custody();
  }

  /** Subscribe to state changes; returns the unsubscribe function. */
  subscribe(listener: (view: SessionView) => void): () => void {
    return this.#store.subscribe(listener);
  }

  /** At start: resume from the keychain's refresh token with one refresh, if there is one. */
  restore(): Promise<SessionView> {
    // The saved metadata's checks read the keychain and a file; do them alongside the token read.
    this.deps.provider.prepare();
    return this.#keeper.restore();
  }

  /** Start an authorization in the system browser (RFC 8252 §6); supersedes a waiting one. */
  signIn(options: { readonly loginHint?: string | undefined } = {}): Promise<SessionView> {
    if (this.#store.current.state === 'signed-out') {
      this.#store.newEpoch(); // a restore still retrying in the background must not take over
      this.#keeper.stop();
    }
    return this.#flow.start(options);
  }

  /** Sign in again as whoever's session just ended, with their email as `login_hint`. */
  signInAgain(): Promise<SessionView> {
    const current = this.#store.current;
    const previous = current.state === 'signed-out' ? current.previousUser : undefined;
    return this.signIn({ loginHint: previous?.email });
  }

  /** The browser tab got lost: show the same authorization request again, in the same attempt. */
  reopenBrowser(): Promise<SessionView> {
    return this.#flow.reopen();
  }

  /**
   * The waiting attempt's request as a link to paste into another browser (RFC 8252 §4.1), made
   * afresh like {@link reopenBrowser} (with PAR a new single-use `request_uri`, RFC 9126 §4) and
   * opening nothing. For main only: the link goes to the clipboard, never to the renderer.
   */
  signInLink(): Promise<SignInLink> {
    return this.#flow.signInLink();
  }

  /** The user gave up waiting for the browser. */
  cancel(): SessionView {
    return this.#flow.cancel();
  }

  /** A URL arrived from the OS or the loopback listener. */
  handleRedirect(rawUrl: string): Promise<RedirectOutcome> {
    return this.#flow.handleRedirect(rawUrl);
  }

  /** A valid access token for an API call (refreshed when about to expire, or when forced). */
  accessToken(options?: { forceRefresh?: boolean }): Promise<string> {
    return this.#keeper.accessToken(options);
  }

  /**
   * Call the protected API with this session's token: the one way main, smoke and the bench reach
   * it. A path under `apiBaseUrl` only; refreshed first when the token is about to expire, once
   * more after `invalid_token`; DPoP-bound when the token is (see `callProtectedApi`). The base is
   * the configured one; only main-process code may name another (smoke probes the provider's
   * userinfo endpoint when no API is configured), never the renderer.
   */
  async callApi(
    request: ApiRequest,
    { apiBaseUrl = this.deps.config.apiBaseUrl }: { readonly apiBaseUrl?: string | undefined } = {},
  ): Promise<ApiResponseView> {
    if (apiBaseUrl === undefined) {
      throw new AuthError('invalid_request', 'No API is configured (set apiBaseUrl).');
    }
    const response = await callProtectedApi(
      {
        apiBaseUrl,
        accessToken: (options) => this.#keeper.accessToken(options),
        transport: async () => {
          const configuration = await this.deps.provider.resourceConfiguration();
          const current = this.#store.current;
          const bound = current.state === 'signed-in' && current.tokens.tokenType === 'DPoP';
          return { configuration, dpop: bound ? this.#proofOfPossession.options(configuration) : {} };
        },
      },
      request,
    );
    // Only the configured API may ask for more; a probe elsewhere (smoke's userinfo) never does.
    const current = this.#store.current;
    if (apiBaseUrl !== this.deps.config.apiBaseUrl || current.state !== 'signed-in') return response;
    const ask = await this.#asks.consider(request, response, current.tokens.scopes);
    return ask ? { ...response, ask } : response;
  }

  /**
   * "Continue in browser" for the API's question `askId` (RFC 9470 §4, incremental scopes): a new
   * authorization for what the API asked, as the same user, then the refused request once more.
   * Resolves with the API's second answer, which may ask again: this never loops on its own.
   */
  async stepUp(askId: string): Promise<ApiResponseView> {
    const asked = this.#asks.take(askId);
    const current = this.#store.current;
    if (!asked || current.state !== 'signed-in') {
      throw new AuthError('invalid_request', 'That question is no longer open. Call the API again.');
    }
    const request = stepUpRequest(asked.needs, current.tokens, this.deps.config.scopes, this.#clock());
    const outcome = await this.#flow.stepUp(asked.needs, request);
    if (!outcome.completed) throw outcome.error;
    return this.callApi(asked.request);
  }

  /** Sign out: forget the tokens at once, then revoke, clear the keychain and end the provider session. */
  async signOut(): Promise<SessionView> {
    const current = this.#store.current;
    this.#store.newEpoch();
    this.#flow.abandon();
    this.#keeper.stop();
    this.#asks.clear();
    this.#proofOfPossession.forget();
    const tokens = current.state === 'signed-in' ? current.tokens : undefined;
    this.#store.set({ state: 'signed-out' });
    const problem = await completeSignOut({ ...this.deps, vault: this.#vault, log: this.#log }, tokens);
    return problem && this.#store.current.state === 'signed-out'
      ? this.#store.set({ state: 'signed-out', error: problem })
      : this.#store.view();
  }

  /**
   * A sign-in completed: save the DPoP key, then the refresh token it binds (RFC 8252 §8.6), then
   * publish signed-in. A saved token therefore always has its key next to it.
   */
  async #signedIn(tokens: TokenSet): Promise<void> {
    const { refreshToken } = tokens;
    const persistError = refreshToken
      ? await this.#proofOfPossession
          .save()
          .then(() => this.#vault.save(refreshToken))
          .then(() => undefined, sessionNotSaved)
      : undefined;
    this.#keeper.adopt(tokens, persistError);
    this.#log.info('signed in', { refreshTokenStored: Boolean(tokens.refreshToken) && !persistError });
  }

  /**
   * A step-up completed: its tokens replace the session's. A refresh in flight lands first, so
   * the keychain ends with the step-up's refresh token; the DPoP key is the session's own.
   */
  async #steppedUp(tokens: TokenSet): Promise<void> {
    await this.#keeper.settled();
    const current = this.#store.current;
    const { refreshToken } = tokens;
    const changed = current.state !== 'signed-in' || current.tokens.refreshToken !== refreshToken;
    const persistError =
      refreshToken && changed
        ? await this.#vault.save(refreshToken).then(() => undefined, sessionNotSaved)
        : undefined;
    this.#keeper.adopt(tokens, persistError);
    this.#log.info('stepped up', { refreshTokenStored: Boolean(refreshToken) && !persistError });
  }
}
