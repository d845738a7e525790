import * as oidc from 'openid-client';
import { AuthError } from '../errors.js';
import { type AppConfig, usesOpenId } from '../config/config.js';
import { fromOAuthFailure } from '../errors.js';
import type { AttemptRequest, PendingAuthorization } from './pending-authorizations.js';
import { type TokenSet, toTokenSet } from '../tokens/token-set.js';
import type { Clock } from '../ports.js';

/**
 * The authorization request URL for one attempt: code flow with PKCE S256 (RFC 7636 §4.3,
 * RFC 9700 §2.1.1), `state` against CSRF and `nonce` bound into the ID token (OIDC Core §3.1.2.1).
 * Configured extra parameters come first so they can never replace the client's own.
 *
 * When the provider offers Pushed Authorization Requests (RFC 9126) the parameters go to it
 * directly from main, and the browser URL carries only `client_id` and `request_uri` (§4): nothing
 * in it can be read or altered on the way (RFC 9700 §2.1).
 */
export async function buildAuthorizationRequestUrl(
  configuration: oidc.Configuration,
  config: AppConfig,
  pending: PendingAuthorization,
  dpop: oidc.DPoPOptions = {},
): Promise<URL> {
  const metadata = configuration.serverMetadata();
  const methods = metadata.code_challenge_methods_supported;
  if (methods !== undefined && !methods.includes('S256')) {
    throw new AuthError(
      'provider_error',
      'The identity provider does not support PKCE with S256, which this app requires.',
    );
  }
  const parameters = {
    ...config.authorizationParams,
    ...attemptParameters(pending.request, config.authorizationParams['prompt']),
    response_type: 'code',
    redirect_uri: pending.redirectUri,
    scope: (pending.request?.scopes ?? config.scopes).join(' '),
    state: pending.state,
    // `nonce` binds the ID token to this request (OIDC Core §3.1.2.1); plain OAuth has no ID token.
    ...(usesOpenId(config) ? { nonce: pending.nonce } : {}),
    code_challenge: pending.codeChallenge,
    code_challenge_method: 'S256',
  };
  if (!shouldPush(metadata, config)) return oidc.buildAuthorizationUrl(configuration, parameters);
  try {
    return await oidc.buildAuthorizationUrlWithPAR(configuration, parameters, dpop);
  } catch (error) {
    throw fromOAuthFailure(error, 'par');
  }
}

/** The attempt's own parameters (OIDC Core §3.1.2.1, RFC 9470 §4); they win over configured ones. */
function attemptParameters(
  request: AttemptRequest | undefined,
  configuredPrompt: string | undefined,
): Record<string, string> {
  if (!request) return {};
  const { loginHint, acrValues, maxAge } = request;
  // `prompt` is a list (OIDC Core §3.1.2.1): `login` joins a configured `consent`, which some
  // providers need before they issue a refresh token for `offline_access` (§11).
  const prompts = new Set([...(configuredPrompt ?? '').split(' '), request.prompt ?? '']);
  prompts.delete('');
  const prompt = request.prompt === undefined ? undefined : [...prompts].join(' ');
  return {
    ...(loginHint === undefined ? {} : { login_hint: loginHint }),
    ...(acrValues?.length ? { acr_values: acrValues.join(' ') } : {}),
    ...(maxAge === undefined ? {} : { max_age: String(maxAge) }),
    ...(prompt === undefined ? {} : { prompt }),
  };
}

/** Push whenever the provider offers it, unless configured off; a provider that requires PAR wins. */
function shouldPush(metadata: oidc.ServerMetadata, config: AppConfig): boolean {
  const offered = metadata.pushed_authorization_request_endpoint !== undefined;
  if (metadata.require_pushed_authorization_requests === true) {
    if (offered && config.pushedAuthorizationRequests === 'auto') return true;
    throw new AuthError(
      'provider_error',
      offered
        ? 'The identity provider requires pushed authorization requests (RFC 9126): set "pushedAuthorizationRequests" to "auto".'
        : 'The identity provider requires pushed authorization requests but names no endpoint for them.',
    );
  }
  return offered && config.pushedAuthorizationRequests === 'auto';
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
  context: {
    readonly clock: Clock;
    readonly requestedScopes: readonly string[];
    /** OpenID Connect (an ID token is required and validated) or plain OAuth 2.0. */
    readonly openId: boolean;
    /** A DPoP proof for the token request, when DPoP is on (RFC 9449 §5). */
    readonly dpop: oidc.DPoPOptions;
  },
): Promise<TokenSet> {
  try {
    const maxAge = pending.request?.maxAge;
    const checks = {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      ...(context.openId ? { expectedNonce: pending.nonce, idTokenExpected: true } : {}),
      // With `max_age` asked, openid-client requires `auth_time` and checks its age (OIDC Core §3.1.2.1).
      ...(maxAge === undefined ? {} : { maxAge }),
    };
    const response = await oidc.authorizationCodeGrant(
      configuration,
      callbackUrl,
      checks,
      undefined,
      context.dpop,
    );
    return toTokenSet(response, context.clock, {
      requestedScopes: pending.request?.scopes ?? context.requestedScopes,
      openId: context.openId,
      proofOfPossession: context.dpop.DPoP !== undefined,
    });
  } catch (error) {
    throw fromOAuthFailure(error, 'token');
  }
}
