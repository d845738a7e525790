import * as oidc from 'openid-client';
import { AuthError } from './auth-error.js';
import type { AppConfig } from './config.js';
import { toAuthError } from './map-oauth-error.js';
import type { PendingAuthorization } from './pending-authorizations.js';
import { type TokenSet, toTokenSet } from './token-set.js';
import type { Clock } from './ports.js';

/**
 * The authorization request URL for one attempt: code flow with PKCE S256 (RFC 7636 §4.3,
 * RFC 9700 §2.1.1), `state` against CSRF and `nonce` bound into the ID token (OIDC Core §3.1.2.1).
 * Configured extra parameters come first so they can never replace the client's own.
 */
export function buildAuthorizationRequestUrl(
  configuration: oidc.Configuration,
  config: AppConfig,
  pending: PendingAuthorization,
): URL {
  const methods = configuration.serverMetadata().code_challenge_methods_supported;
  if (methods !== undefined && !methods.includes('S256')) {
    throw new AuthError(
      'provider_error',
      'The identity provider does not support PKCE with S256, which this app requires.',
    );
  }
  return oidc.buildAuthorizationUrl(configuration, {
    ...config.authorizationParams,
    response_type: 'code',
    redirect_uri: pending.redirectUri,
    scope: config.scopes.join(' '),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: pending.codeChallenge,
    code_challenge_method: 'S256',
  });
}

/**
 * Exchange the code from a matched callback for tokens (RFC 6749 §4.1.3) and validate the ID
 * token (OIDC Core §3.1.3.7). The whole callback URL goes to openid-client so it also checks
 * RFC 9207 `iss` when the provider advertises it, and derives `redirect_uri` from it; that value
 * must equal the one in the request, which {@link parseCallbackUrl} has already ensured.
 */
export async function exchangeAuthorizationCode(
  configuration: oidc.Configuration,
  callbackUrl: URL,
  pending: PendingAuthorization,
  context: { readonly clock: Clock; readonly requestedScopes: readonly string[] },
): Promise<TokenSet> {
  try {
    const response = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    return toTokenSet(response, context.clock, { requestedScopes: context.requestedScopes });
  } catch (error) {
    throw toAuthError(error, 'token');
  }
}
