import { createRemoteJWKSet, errors, jwtVerify } from 'jose';

import { DEMO_API_SCOPE, DEMO_SIGNING_ALG } from './demo-constants.js';

/** Outcome of checking one request's credentials; failures map onto RFC 6750 §3.1 error codes. */
export type AccessCheck =
  | { readonly ok: true; readonly subject: string }
  | {
      readonly ok: false;
      readonly status: 400 | 401 | 403 | 503;
      readonly error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | 'temporarily_unavailable';
      readonly description: string;
    };

/** RFC 6750 §2.1 `b64token` after the `Bearer` scheme (scheme name is case-insensitive, RFC 9110 §11.1). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** jose errors that mean "this token is bad" rather than "the verifier could not work". */
const TOKEN_FAULTS = new Set([
  'ERR_JWT_EXPIRED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
]);

function describeTokenFault(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return 'The access token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'The access token is not meant for this API';
    if (error.claim === 'iss') return 'The access token was not issued by the trusted issuer';
    return `The access token claim ${error.claim} is not valid`;
  }
  return 'The access token is malformed or its signature is not valid';
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

async function discoverKeySet(issuer: string): Promise<KeySet> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  // RFC 8414 §3.3: the metadata must name exactly the issuer it was fetched for.
  if (metadata.issuer !== issuer || typeof metadata.jwks_uri !== 'string') {
    throw new Error('discovery document does not match the issuer');
  }
  return createRemoteJWKSet(new URL(metadata.jwks_uri));
}

/**
 * Builds the demo API's access-token check: a JWT access token per RFC 9068 (`typ` at+jwt, issuer
 * and audience exact, `exp`, signature from the issuer's JWKS found by discovery) that carries the
 * API's scope. Discovery runs on first use and is retried after a failure, so the API may start
 * before the provider.
 */
export function createAccessTokenCheck(issuer: string, audience: string) {
  let keySet: Promise<KeySet> | undefined;
  const keys = (): Promise<KeySet> => {
    keySet ??= discoverKeySet(issuer).catch((error: unknown) => {
      keySet = undefined;
      throw error;
    });
    return keySet;
  };

  return async function checkAccess(authorization: string | undefined): Promise<AccessCheck> {
    if (authorization === undefined || !/^Bearer(\s|$)/i.test(authorization)) {
      return { ok: false, status: 401, description: 'A Bearer access token is required' };
    }
    const token = BEARER.exec(authorization.trim())?.[1];
    if (!token) {
      return {
        ok: false,
        status: 400,
        error: 'invalid_request',
        description: 'The Authorization header is malformed',
      };
    }
    try {
      const { payload } = await jwtVerify(token, await keys(), {
        issuer,
        audience,
        typ: 'at+jwt',
        algorithms: [DEMO_SIGNING_ALG],
        requiredClaims: ['exp', 'iat', 'sub', 'client_id', 'jti'],
      });
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      if (!scopes.includes(DEMO_API_SCOPE)) {
        return {
          ok: false,
          status: 403,
          error: 'insufficient_scope',
          description: `The ${DEMO_API_SCOPE} scope is required`,
        };
      }
      return { ok: true, subject: String(payload.sub) };
    } catch (error) {
      if (error instanceof errors.JOSEError && TOKEN_FAULTS.has(error.code)) {
        return { ok: false, status: 401, error: 'invalid_token', description: describeTokenFault(error) };
      }
      return {
        ok: false,
        status: 503,
        error: 'temporarily_unavailable',
        description: 'Cannot verify tokens right now',
      };
    }
  };
}
