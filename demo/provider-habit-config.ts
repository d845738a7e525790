import type { ClientMetadata } from 'oidc-provider';

import { DEMO_API_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_SIGNING_ALG } from './demo-constants.js';
import type { ResolvedHabits } from './provider-habits.js';

/**
 * How the desktop client authenticates at the token endpoint: not at all (a public native client,
 * RFC 8252 §8.4), or, with a WSO2 or Google habit, with a secret that is not confidential.
 */
export function desktopClientAuthentication(
  habits: ResolvedHabits,
): Pick<ClientMetadata, 'token_endpoint_auth_method' | 'client_secret'> {
  if (habits.clientAuthentication === 'none') return { token_endpoint_auth_method: 'none' };
  return { token_endpoint_auth_method: habits.clientAuthentication, client_secret: DEMO_CLIENT_SECRET };
}

/**
 * The API's own registration when it validates opaque tokens by introspection (RFC 7662 §2.1):
 * a confidential client that may call nothing but the introspection endpoint.
 */
export function apiClientRegistration(habits: ResolvedHabits, secret: string): ClientMetadata[] {
  if (habits.accessTokens !== 'opaque') return [];
  return [
    {
      client_id: DEMO_API_CLIENT_ID,
      client_secret: secret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
      id_token_signed_response_alg: DEMO_SIGNING_ALG,
    },
  ];
}
