import * as oidc from 'openid-client';
import { type AuthError } from '../errors.js';
import { fromOAuthFailure } from '../errors.js';
import type { TokenSet } from '../tokens/token-set.js';

/** How revocation went: done, not offered by the provider, or failed (with why). */
export type RevocationResult =
  | { readonly status: 'revoked' }
  | { readonly status: 'unsupported' }
  | { readonly status: 'failed'; readonly error: AuthError };

/**
 * Ask the provider to revoke the refresh token (RFC 7009 §2.1), which also ends the access tokens
 * issued from it at most providers. Never throws: signing out locally must succeed even when the
 * provider is down or does not advertise `revocation_endpoint`.
 */
export async function revokeSession(
  provider: { get(): Promise<oidc.Configuration> },
  tokens: TokenSet,
): Promise<RevocationResult> {
  const token = tokens.refreshToken ?? tokens.accessToken;
  const hint = tokens.refreshToken ? 'refresh_token' : 'access_token';
  try {
    const configuration = await provider.get();
    if (!configuration.serverMetadata().revocation_endpoint) return { status: 'unsupported' };
    await oidc.tokenRevocation(configuration, token, { token_type_hint: hint });
    return { status: 'revoked' };
  } catch (error) {
    return { status: 'failed', error: fromOAuthFailure(error, 'revocation') };
  }
}
