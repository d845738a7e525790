import * as oidc from 'openid-client';
import type { AppConfig } from '../config/config.js';

/**
 * Authorization server metadata (RFC 8414 §2) assembled from hand-written endpoints, for a
 * provider that publishes no discovery document. Only what is configured is advertised, so a
 * missing revocation or end-session endpoint reads as "not supported", exactly as it would from
 * discovery.
 */
export function metadataFromEndpoints(
  issuer: string,
  endpoints: NonNullable<AppConfig['endpoints']>,
): oidc.ServerMetadata {
  const advertised: ReadonlyArray<[keyof oidc.ServerMetadata, string | undefined]> = [
    ['pushed_authorization_request_endpoint', endpoints.pushedAuthorizationRequest],
    ['revocation_endpoint', endpoints.revocation],
    ['end_session_endpoint', endpoints.endSession],
    ['userinfo_endpoint', endpoints.userinfo],
    ['jwks_uri', endpoints.jwks],
  ];
  return {
    issuer,
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    ...Object.fromEntries(advertised.filter(([, url]) => url !== undefined)),
  };
}

/** The openid-client form of the configured token endpoint authentication (RFC 6749 §2.3.1). */
export function clientAuthentication(config: AppConfig): oidc.ClientAuth {
  switch (config.clientAuthentication) {
    case 'client_secret_basic':
      return oidc.ClientSecretBasic(config.clientSecret);
    case 'client_secret_post':
      return oidc.ClientSecretPost(config.clientSecret);
    case 'none':
      return oidc.None();
  }
}

/** What the client knows about itself that the provider's metadata may not say (RFC 7591 §2). */
export function clientMetadata(config: AppConfig): Partial<oidc.ClientMetadata> {
  return config.idTokenSigningAlg ? { id_token_signed_response_alg: config.idTokenSigningAlg } : {};
}
