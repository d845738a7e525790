import { readSignInFacts } from './api-access.js';
import type { TokenVerifier } from './api-auth.js';
import { isKeyConfirmation, UNCHECKABLE_BINDING } from './api-confirmation.js';

/** Where and as whom the API asks the provider about a token (RFC 7662 §2.1). */
export interface IntrospectionClient {
  readonly endpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

interface IntrospectionResponse {
  readonly active?: unknown;
  readonly sub?: unknown;
  readonly scope?: unknown;
  readonly aud?: unknown;
  readonly iss?: unknown;
  readonly token_type?: unknown;
  readonly cnf?: unknown;
  readonly acr?: unknown;
  readonly auth_time?: unknown;
}

/**
 * Verifies opaque access tokens by introspection (RFC 7662), as WSO2 deployments do: the API
 * authenticates with its own credentials and asks the provider. `active: false` covers expired,
 * revoked and unknown tokens alike (§2.2); the audience and issuer are still checked here, since
 * an active token may be meant for another API. The answer's `acr` and `auth_time` (extensions
 * RFC 7662 §2.2 allows; oidc-provider sends what the demo adds to its access tokens) are passed
 * on: without them, a resource that needs a strong or recent sign-in refuses the token (RFC 9470).
 */
export function createIntrospectionVerifier(
  client: IntrospectionClient,
  issuer: string,
  audience: string,
): TokenVerifier {
  const credentials = Buffer.from(
    `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
  ).toString('base64');
  return async (token) => {
    const response = await fetch(client.endpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${credentials}`, accept: 'application/json' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`introspection answered ${response.status}`);
    const answer = (await response.json()) as IntrospectionResponse;
    if (answer.active !== true) return { valid: false, description: 'The access token is not active' };
    if (answer.iss !== undefined && answer.iss !== issuer)
      return { valid: false, description: 'The access token was not issued by the trusted issuer' };
    const audiences = Array.isArray(answer.aud) ? answer.aud : [answer.aud];
    if (!audiences.includes(audience))
      return { valid: false, description: 'The access token is not meant for this API' };
    if (typeof answer.sub !== 'string')
      return { valid: false, description: 'The access token names no user' };
    const scope = typeof answer.scope === 'string' ? answer.scope : '';
    if (answer.cnf !== undefined && !isKeyConfirmation(answer.cnf))
      return { valid: false, description: UNCHECKABLE_BINDING };
    const jkt = typeof answer.cnf?.jkt === 'string' ? answer.cnf.jkt : undefined;
    return { valid: true, subject: answer.sub, scope, jkt, ...readSignInFacts(answer) };
  };
}
