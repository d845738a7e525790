import { createRemoteJWKSet, errors, jwtVerify } from 'jose';

import type { TokenVerifier } from './api-auth.js';
import { DEMO_SIGNING_ALG } from './demo-constants.js';

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

/** A `cnf` claim (RFC 7800 §3.1) with no confirmation method but a DPoP key thumbprint. */
function isKeyConfirmation(cnf: unknown): cnf is { jkt?: unknown } {
  return typeof cnf === 'object' && cnf !== null && Object.keys(cnf).every((method) => method === 'jkt');
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  // RFC 8414 §3.3: the metadata must name exactly the issuer it was fetched for.
  if (metadata.issuer !== issuer || typeof metadata.jwks_uri !== 'string') {
    throw new Error('discovery document does not match the issuer');
  }
  return metadata.jwks_uri;
}

/**
 * Verifies JWT access tokens per RFC 9068: `typ` at+jwt, issuer and audience exact, `exp`, and a
 * signature by one of `algorithms` (default the demo's) from the issuer's key set, found by
 * discovery unless `jwksUri` is given. Discovery runs on first use and is retried after a failure,
 * so the API may start before the provider.
 */
export function createJwtVerifier(
  issuer: string,
  audience: string,
  options: {
    readonly jwksUri?: string | undefined;
    readonly algorithms?: readonly string[] | undefined;
  } = {},
): TokenVerifier {
  const { jwksUri, algorithms = [DEMO_SIGNING_ALG] } = options;
  let keySet: Promise<KeySet> | undefined;
  const keys = (): Promise<KeySet> => {
    keySet ??= (jwksUri ? Promise.resolve(jwksUri) : discoverJwksUri(issuer)).then(
      (uri) => createRemoteJWKSet(new URL(uri)),
      (error: unknown) => {
        keySet = undefined;
        throw error;
      },
    );
    return keySet;
  };

  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, await keys(), {
        issuer,
        audience,
        typ: 'at+jwt',
        algorithms: [...algorithms],
        requiredClaims: ['exp', 'iat', 'sub', 'client_id', 'jti'],
      });
      const scope = typeof payload.scope === 'string' ? payload.scope : '';
      const cnf = payload['cnf'];
      // A token confirmed some other way, e.g. by an mTLS certificate (RFC 8705 §3), is not a
      // Bearer token either; only a DPoP key (`jkt`, RFC 9449 §6) can be checked here.
      if (cnf !== undefined && !isKeyConfirmation(cnf)) {
        return {
          valid: false,
          description: 'The access token is bound to a key in a way this API cannot check',
        };
      }
      const jkt = typeof cnf?.jkt === 'string' ? cnf.jkt : undefined;
      return { valid: true, subject: String(payload.sub), scope, jkt };
    } catch (error) {
      if (error instanceof errors.JOSEError && TOKEN_FAULTS.has(error.code)) {
        return { valid: false, description: describeTokenFault(error) };
      }
      throw error;
    }
  };
}
