import type { HttpFetch } from '../ports.js';
import type * as oidc from 'openid-client';
import { AuthError } from '../errors.js';
import { isHttpsOrLoopback, isLoopbackHost, isPlainHttpOnLoopback } from './loopback.js';

/** Every metadata field (RFC 8414 §2, OIDC Discovery §3) naming a URL this client sends to or opens. */
const ENDPOINT_FIELDS = [
  'authorization_endpoint',
  'token_endpoint',
  'pushed_authorization_request_endpoint',
  'userinfo_endpoint',
  'revocation_endpoint',
  'end_session_endpoint',
  'jwks_uri',
] as const satisfies ReadonlyArray<keyof oidc.ServerMetadata>;

/**
 * Refuse metadata that names an endpoint this client will not use: one that is not a URL, or is
 * neither https nor plain http on this machine (RFC 8252 §8.3, RFC 9700 §2.6: tokens and codes
 * travel over TLS). The same rule holds for configured, discovered and cached metadata, so one
 * loopback URL never opens plain http to anywhere else. Throws before any request is made.
 */
export function checkEndpointPolicy(metadata: oidc.ServerMetadata): void {
  for (const field of ENDPOINT_FIELDS) {
    const value = metadata[field];
    if (value === undefined) continue;
    const url = typeof value === 'string' ? URL.parse(value) : null;
    if (url === null || !isHttpsOrLoopback(url)) {
      throw new AuthError(
        'provider_error',
        `The identity provider’s configuration gives ${field} as ${describe(value)}, which is neither ` +
          'https nor plain http on this computer. This app sends sign-in data only over https; ' +
          'the provider must publish https endpoints.',
      );
    }
  }
}

/** Whether any endpoint is plain http on loopback, the one case openid-client must be told to allow. */
export function usesPlainHttpLoopback(metadata: oidc.ServerMetadata): boolean {
  return ENDPOINT_FIELDS.some((field) => {
    const value = metadata[field];
    const url = typeof value === 'string' ? URL.parse(value) : null;
    return url !== null && isPlainHttpOnLoopback(url);
  });
}

/**
 * The fetch openid-client is given: it sends plain http only to this machine, whatever the metadata
 * says, so allowing insecure requests for a loopback provider opens nothing else.
 */
export function plainHttpOnlyToLoopback(fetch: HttpFetch): HttpFetch {
  return (url, init) => {
    const target = new URL(url);
    if (target.protocol === 'http:' && !isLoopbackHost(target.hostname)) {
      return Promise.reject(
        new AuthError(
          'provider_error',
          `Refused to send a request to ${target.origin} over plain http. This app talks to the ` +
            'identity provider only over https, or over http on this computer.',
        ),
      );
    }
    return fetch(url, init);
  };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
