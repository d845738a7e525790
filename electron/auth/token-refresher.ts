import * as oidc from 'openid-client';
import { AuthError } from './auth-error.js';
import { toAuthError } from './map-oauth-error.js';
import type { Clock } from './ports.js';
import type { ProofOfPossession } from './proof-of-possession.js';
import { type RefreshTokenVault, sessionNotSaved } from './refresh-token-vault.js';
import { revokeSession } from './revoke-session.js';
import { type TokenSet, toTokenSet, toUserClaims } from './token-set.js';

export interface TokenRefresherDeps {
  readonly provider: { get(): Promise<oidc.Configuration> };
  readonly vault: RefreshTokenVault;
  readonly clock: Clock;
  readonly requestedScopes: readonly string[];
  /** OpenID Connect, or plain OAuth 2.0 (no ID token, no userinfo). */
  readonly openId: boolean;
  readonly proofOfPossession: ProofOfPossession;
}

/** New tokens, and the keychain error if the rotated refresh token could not be saved. */
export interface RefreshOutcome {
  readonly tokens: TokenSet;
  readonly persistError?: AuthError;
}

/**
 * Refreshes tokens (RFC 6749 §6), one request at a time.
 *
 * Concurrent callers share the in-flight refresh: with refresh-token rotation and reuse detection
 * (RFC 9700 §4.14.2), two parallel refreshes would end the whole session. A rotated refresh token
 * is written to the keychain before the new access token is handed out. When that write fails the
 * new tokens are still returned, so the session keeps working for this run, with the error.
 */
export class TokenRefresher {
  #inFlight: Promise<RefreshOutcome> | undefined;

  constructor(private readonly deps: TokenRefresherDeps) {}

  /**
   * Renew a live session whose access token is expiring or was rejected. `stillWanted` is asked
   * once the provider has answered: when the session ended meanwhile (signed out), the new tokens
   * are revoked instead of saved, so a sign-out racing a refresh still ends the grant (RFC 7009).
   */
  refresh(
    current: TokenSet & { readonly refreshToken: string },
    stillWanted: () => boolean = () => true,
  ): Promise<RefreshOutcome> {
    return this.#singleFlight(() => this.#grant(current.refreshToken, current, stillWanted));
  }

  /** Start a session from a refresh token read from the keychain, as at start-up. */
  restore(refreshToken: string, stillWanted: () => boolean = () => true): Promise<RefreshOutcome> {
    return this.#singleFlight(async () => {
      await this.deps.proofOfPossession.load(); // the saved token is bound to the saved key
      return this.#grant(refreshToken, undefined, stillWanted);
    });
  }

  #singleFlight(run: () => Promise<RefreshOutcome>): Promise<RefreshOutcome> {
    this.#inFlight ??= run().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #grant(
    refreshToken: string,
    previous: TokenSet | undefined,
    stillWanted: () => boolean,
  ): Promise<RefreshOutcome> {
    let tokens: TokenSet & { readonly refreshToken: string };
    try {
      const configuration = await this.deps.provider.get();
      const dpop = this.deps.proofOfPossession.options(configuration);
      const response = await oidc.refreshTokenGrant(configuration, refreshToken, undefined, dpop);
      // Some providers send no ID token on refresh; at start-up, ask UserInfo who this is (OIDC Core §5.3).
      const fallbackUser =
        previous || response.id_token || !this.deps.openId
          ? undefined
          : toUserClaims(
              await oidc.fetchUserInfo(configuration, response.access_token, oidc.skipSubjectCheck, dpop),
            );
      const renewed = toTokenSet(response, this.deps.clock, {
        requestedScopes: this.deps.requestedScopes,
        openId: this.deps.openId,
        proofOfPossession: dpop.DPoP !== undefined,
        previous,
        fallbackUser,
      });
      // No refresh_token in the response means the old one stays valid (RFC 6749 §6).
      tokens = { ...renewed, refreshToken: response.refresh_token ?? refreshToken };
    } catch (error) {
      throw toAuthError(error, 'refresh');
    }
    if (!stillWanted()) {
      await revokeSession(this.deps.provider, tokens);
      throw new AuthError('not_signed_in', 'You signed out while the session was being renewed.');
    }
    if (tokens.refreshToken === refreshToken) return { tokens };
    try {
      await this.deps.vault.save(tokens.refreshToken);
      return { tokens };
    } catch (error) {
      return { tokens, persistError: sessionNotSaved(error) };
    }
  }
}
