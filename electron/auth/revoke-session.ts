import * as oidc from 'openid-client';
import { toAuthError } from './map-oauth-error.js';
import type { Logger } from './ports.js';
import type { TokenSet } from './token-set.js';

/**
 * Ask the provider to revoke the refresh token (RFC 7009 §2.1), which also ends the access tokens
 * issued from it at most providers. Best effort: signing out locally must succeed even when the
 * provider is down or does not advertise `revocation_endpoint`, so failures are only logged.
 *
 * @returns whether the provider confirmed the revocation.
 */
export async function revokeSession(
  provider: { get(): Promise<oidc.Configuration> },
  tokens: TokenSet,
  log: Logger,
): Promise<boolean> {
  const token = tokens.refreshToken ?? tokens.accessToken;
  const hint = tokens.refreshToken ? 'refresh_token' : 'access_token';
  try {
    const configuration = await provider.get();
    if (!configuration.serverMetadata().revocation_endpoint) {
      log.info('provider has no revocation endpoint; signing out locally only');
      return false;
    }
    await oidc.tokenRevocation(configuration, token, { token_type_hint: hint });
    log.info('tokens revoked at the provider');
    return true;
  } catch (error) {
    log.warn('revocation failed; signing out locally only', { code: toAuthError(error, 'revocation').code });
    return false;
  }
}
