import { type Input, isRecord, readChoice, readUrl } from './config-fields.js';

/**
 * The provider's endpoints, given by hand for a provider that publishes no discovery document
 * (WSO2 API Manager's gateway, for one). With these set the client makes no discovery request;
 * anything not listed here is treated as unsupported.
 */
export interface ProviderEndpoints {
  readonly authorization: string;
  readonly token: string;
  readonly pushedAuthorizationRequest: string | undefined;
  readonly revocation: string | undefined;
  readonly endSession: string | undefined;
  readonly userinfo: string | undefined;
  readonly jwks: string | undefined;
}

export const ENDPOINT_NAMES = [
  'authorization',
  'token',
  'pushedAuthorizationRequest',
  'revocation',
  'endSession',
  'userinfo',
  'jwks',
] as const satisfies ReadonlyArray<keyof ProviderEndpoints>;

const REQUIRED_ENDPOINTS = new Set<string>(['authorization', 'token']);

/** `endpoints`: absent means discovery (OIDC Discovery 1.0, RFC 8414). */
export function readEndpoints(input: Input, problems: string[]): ProviderEndpoints | undefined {
  const value = input['endpoints'];
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    problems.push(
      'endpoints must be an object such as { "authorization": "https://…", "token": "https://…" }',
    );
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!(ENDPOINT_NAMES as readonly string[]).includes(key))
      problems.push(`endpoints.${key} is not a known endpoint (known: ${ENDPOINT_NAMES.join(', ')})`);
  }
  // Name each field by its full path, so a problem reads "endpoints.token must use https".
  const prefixed = Object.fromEntries(Object.entries(value).map(([key, url]) => [`endpoints.${key}`, url]));
  const read = (name: string) =>
    readUrl(prefixed, `endpoints.${name}`, problems, REQUIRED_ENDPOINTS.has(name));
  return {
    authorization: read('authorization') ?? '',
    token: read('token') ?? '',
    pushedAuthorizationRequest: read('pushedAuthorizationRequest'),
    revocation: read('revocation'),
    endSession: read('endSession'),
    userinfo: read('userinfo'),
    jwks: read('jwks'),
  };
}

/**
 * How the client authenticates at the token endpoint (RFC 6749 §2.3, OIDC Core §9). A native app
 * is a public client (RFC 8252 §8.4): `none` is right. Some providers still issue a desktop app a
 * secret and insist on it (Google, WSO2); it is sent, but it protects nothing (RFC 8252 §8.5).
 */
export type ClientAuthenticationMethod = 'none' | 'client_secret_basic' | 'client_secret_post';
export const CLIENT_AUTHENTICATION_METHODS: readonly ClientAuthenticationMethod[] = [
  'none',
  'client_secret_basic',
  'client_secret_post',
];

export interface ClientAuthentication {
  readonly clientAuthentication: ClientAuthenticationMethod;
  readonly clientSecret: string | undefined;
}

export function readClientAuthentication(input: Input, problems: string[]): ClientAuthentication {
  const method = readChoice(input, 'clientAuthentication', CLIENT_AUTHENTICATION_METHODS, problems);
  const secret = input['clientSecret'];
  const hasSecret = typeof secret === 'string' && secret !== '';
  if (secret !== undefined && secret !== '' && !hasSecret) {
    problems.push('clientSecret must be a string');
  } else if (method === 'none' && hasSecret) {
    problems.push(
      'clientSecret is set but clientAuthentication is "none": choose "client_secret_basic" or "client_secret_post", or remove the secret',
    );
  } else if (method !== 'none' && !hasSecret) {
    problems.push(`clientSecret is required when clientAuthentication is "${method}"`);
  }
  return { clientAuthentication: method, clientSecret: hasSecret && method !== 'none' ? secret : undefined };
}

/**
 * Pushed Authorization Requests (RFC 9126): `auto` pushes the request whenever the provider
 * advertises a PAR endpoint, so the browser URL carries only `client_id` and `request_uri`.
 * `never` is an escape hatch for a provider whose PAR endpoint misbehaves; it cannot be used with
 * a provider that requires PAR.
 */
export type PushedAuthorizationMode = 'auto' | 'never';
export const PUSHED_AUTHORIZATION_MODES: readonly PushedAuthorizationMode[] = ['auto', 'never'];

/** Asymmetric JWS algorithms (RFC 7518 §3.1, RFC 8037); never `none`, never HMAC with a public client. */
const ID_TOKEN_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/**
 * `idTokenSigningAlg`: the algorithm the provider signs ID tokens with (OIDC Core §3.1.3.7 step 7),
 * needed when there is no discovery document to say so; without one, RS256 is assumed (OIDC
 * Registration §2).
 */
export function readIdTokenSigningAlg(input: Input, problems: string[]): string | undefined {
  const value = input['idTokenSigningAlg'];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && ID_TOKEN_ALGORITHMS.includes(value)) return value;
  problems.push(`idTokenSigningAlg must be one of ${ID_TOKEN_ALGORITHMS.join(', ')}`);
  return undefined;
}
