import * as oidc from 'openid-client';
import { AuthError } from '../errors.js';
import type { AppConfig } from '../config/config.js';
import type { BrowserLauncher, Logger } from '../ports.js';
import type { ProviderClient } from '../provider/provider-client.js';
import type { RefreshTokenVault } from '../tokens/refresh-token-vault.js';
import { revokeSession } from './revoke-session.js';
import type { TokenSet } from '../tokens/token-set.js';

export interface SignOutDeps {
  readonly config: AppConfig;
  readonly provider: ProviderClient;
  readonly vault: RefreshTokenVault;
  readonly browser: BrowserLauncher;
  readonly log: Logger;
}

/**
 * Everything sign-out does after the tokens are gone from memory, in order:
 * 1. delete the keychain entry;
 * 2. revoke the refresh token at the provider (RFC 7009), when it offers revocation;
 * 3. when configured, end the provider's browser session with RP-initiated logout
 *    (OpenID Connect RP-Initiated Logout 1.0 §2: `id_token_hint`, `post_logout_redirect_uri`).
 *
 * Each step runs even when an earlier one failed. The result says what did not happen, so the
 * user learns about a partial sign-out instead of a silent one.
 *
 * @returns undefined when everything succeeded, else an error describing what is left.
 */
export async function completeSignOut(
  deps: SignOutDeps,
  tokens: TokenSet | undefined,
): Promise<AuthError | undefined> {
  const problems: string[] = [];
  // The keychain first: a new sign-in may start while the provider is still being told.
  try {
    await deps.vault.remove();
  } catch {
    problems.push('the saved session could not be removed from the system keychain');
  }
  if (tokens) {
    const revocation = await revokeSession(deps.provider, tokens);
    deps.log.info('revocation', { status: revocation.status });
    if (revocation.status === 'failed') {
      problems.push(
        'the identity provider could not be told to revoke the session (it ends when it expires)',
      );
    }
  }
  if (tokens && deps.config.endProviderSession) {
    const ended = await endProviderSession(deps, tokens.idToken);
    if (!ended) problems.push('the identity provider’s browser session could not be ended');
  }
  if (problems.length === 0) return undefined;
  return new AuthError(
    'sign_out_incomplete',
    `You are signed out of this app, but ${problems.join(', and ')}.`,
  );
}

/** Open the provider's end-session endpoint in the system browser; false when that cannot be done. */
async function endProviderSession(deps: SignOutDeps, idToken: string | undefined): Promise<boolean> {
  try {
    const configuration = await deps.provider.get();
    if (!configuration.serverMetadata().end_session_endpoint) {
      deps.log.info('provider has no end_session_endpoint; its browser session stays');
      return true;
    }
    const parameters: Record<string, string> = {};
    if (idToken) parameters['id_token_hint'] = idToken;
    if (deps.config.postLogoutRedirectUri)
      parameters['post_logout_redirect_uri'] = deps.config.postLogoutRedirectUri;
    await deps.browser.open(oidc.buildEndSessionUrl(configuration, parameters));
    return true;
  } catch (error) {
    deps.log.warn('could not end the provider session', {
      code: error instanceof AuthError ? error.code : 'unknown',
    });
    return false;
  }
}
