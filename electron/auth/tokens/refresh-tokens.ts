import * as oidc from 'openid-client';
import { AuthError } from '../errors.js';
import { fromOAuthFailure } from '../errors.js';
import type { Clock } from '../ports.js';
import type { ProofOfPossession } from '../dpop/proof-of-possession.js';
import { type RefreshTokenVault, sessionNotSaved } from './refresh-token-vault.js';
import { revokeSession } from '../sign-out/revoke-session.js';
import { type TokenSet, toTokenSet, toUserClaims } from './token-set.js';

export interface RefreshDeps {
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
 * Renew a live session whose access token is expiring or was rejected (RFC 6749 §6). A rotated
 * refresh token is written to the keychain before the new access token is handed out; when that
 * write fails the new tokens are still returned, with the error, so the session keeps working for
 * this run. `stillWanted` is asked once the provider has answered: when the session ended meanwhile
 * (signed out), the new tokens are revoked instead of saved, so a sign-out racing a refresh still
 * ends the grant (RFC 7009).
 *
 * One refresh at a time is the caller's job (`TokenKeeper`): with rotation and reuse detection
 * (RFC 9700 §4.14.2), two parallel refreshes would end the whole session.
 */
export function refreshTokens(
  deps: RefreshDeps,
  current: TokenSet & { readonly refreshToken: string },
  stillWanted: () => boolean = () => true,
): Promise<RefreshOutcome> {
  return grant(deps, current.refreshToken, current, stillWanted);
}

/** Start a session from a refresh token read from the keychain, as at start-up. */
export async function restoreTokens(
  deps: RefreshDeps,
  refreshToken: string,
  stillWanted: () => boolean = () => true,
): Promise<RefreshOutcome> {
  await deps.proofOfPossession.load(); // the saved token is bound to the saved key
  return grant(deps, refreshToken, undefined, stillWanted);
}

async function grant(
  deps: RefreshDeps,
  refreshToken: string,
  previous: TokenSet | undefined,
  stillWanted: () => boolean,
): Promise<RefreshOutcome> {
  let tokens: TokenSet & { readonly refreshToken: string };
  try {
    const configuration = await deps.provider.get();
    const dpop = deps.proofOfPossession.options(configuration);
    const response = await oidc.refreshTokenGrant(configuration, refreshToken, undefined, dpop);
    // Some providers send no ID token on refresh; at start-up, ask UserInfo who this is (OIDC Core §5.3).
    const fallbackUser =
      previous || response.id_token || !deps.openId
        ? undefined
        : toUserClaims(
            await oidc.fetchUserInfo(configuration, response.access_token, oidc.skipSubjectCheck, dpop),
          );
    const renewed = toTokenSet(response, deps.clock, {
      requestedScopes: deps.requestedScopes,
      openId: deps.openId,
      proofOfPossession: dpop.DPoP !== undefined,
      previous,
      fallbackUser,
    });
    // No refresh_token in the response means the old one stays valid (RFC 6749 §6).
    tokens = { ...renewed, refreshToken: response.refresh_token ?? refreshToken };
  } catch (error) {
    throw fromOAuthFailure(error, 'refresh');
  }
  if (!stillWanted()) {
    await revokeSession(deps.provider, tokens);
    throw new AuthError('not_signed_in', 'You signed out while the session was being renewed.');
  }
  if (tokens.refreshToken === refreshToken) return { tokens };
  try {
    await deps.vault.save(tokens.refreshToken);
    return { tokens };
  } catch (error) {
    return { tokens, persistError: sessionNotSaved(error) };
  }
}
