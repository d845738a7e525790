import { decodeProtectedHeader } from 'jose';
import * as oauth from 'oauth4webapi';

import { readSignInFacts } from './api-access.js';
import type {
  CredentialsVerdict,
  CredentialsVerifier,
  PresentedCredentials,
  TokenScheme,
} from './api-auth.js';
import { PROOF_ALGORITHMS } from './api-dpop.js';
import { issuerMetadata, providerRequestOptions } from './api-issuer-metadata.js';
import {
  describeProofRefusal,
  describeTokenRefusal,
  isBoundTokenWithoutProof,
  isRefusal,
  TOKEN_FAULTS,
} from './api-jwt-refusals.js';
import { DEMO_SIGNING_ALG } from './demo-constants.js';

/**
 * The request as oauth4webapi sees it: the token under `scheme`, the proof only under DPoP (a
 * Bearer request is judged as Bearer, whatever else it carries), and the API's own URL, from
 * which the library takes the `htu` a proof must name (RFC 9449 §4.3).
 */
function requestFor(presented: PresentedCredentials, scheme: TokenScheme): Request {
  const headers = new Headers({ authorization: `${scheme} ${presented.token}` });
  if (scheme === 'DPoP' && presented.proof !== undefined) headers.set('dpop', presented.proof);
  return new Request(presented.url, { method: presented.method, headers });
}

/** Whether the token's header names one of `algorithms` (RFC 8725 §3.1: the API pins its issuer's). */
function signedWithOneOf(token: string, algorithms: readonly string[]): boolean {
  try {
    return algorithms.includes(decodeProtectedHeader(token).alg ?? '');
  } catch {
    return false;
  }
}

type Validate = (request: Request) => Promise<oauth.JWTAccessTokenClaims>;

/**
 * Says which part of a refused request failed, which RFC 9449 §7.1 answers differently and the
 * library's refusal does not tell: for a DPoP request the token is asked about again on its own,
 * as Bearer without a proof (a Bearer request already was just that).
 */
async function explainRefusal(
  refusal: unknown,
  presented: PresentedCredentials,
  asPresented: Request,
  validate: Validate,
): Promise<CredentialsVerdict> {
  let alone = asPresented;
  let tokenRefusal = refusal;
  if (presented.scheme === 'DPoP') {
    alone = requestFor(presented, 'Bearer');
    tokenRefusal = await validate(alone).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (tokenRefusal === undefined) return { outcome: 'unbound-token-as-dpop' };
  }
  if (isBoundTokenWithoutProof(tokenRefusal, alone)) {
    return presented.scheme === 'Bearer'
      ? { outcome: 'bound-token-as-bearer' }
      : { outcome: 'invalid-proof', description: describeProofRefusal(refusal, presented.proof) };
  }
  if (isRefusal(tokenRefusal)) {
    return { outcome: 'invalid-token', description: describeTokenRefusal(tokenRefusal) };
  }
  throw new Error('Cannot verify the access token', { cause: tokenRefusal });
}

/**
 * Verifies JWT access tokens and their DPoP proofs with oauth4webapi's `validateJwtAccessToken`
 * (RFC 9068 §4: `typ` at+jwt, issuer and audience exact, `exp` with no leeway, the required
 * claims, a signature from the issuer's key set; RFC 9449 §4.3: the proof's signature, `htm`,
 * `htu`, `ath` and the key in `cnf.jkt`). An accepted token's `acr` and `auth_time` (§2.2.1) are
 * passed on for the resources that need a strong or recent sign-in (RFC 9470). The token must be signed with one of `algorithms`
 * (default the demo's); the issuer's keys are found by discovery unless `jwksUri` is given.
 */
export function createJwtVerifier(
  issuer: string,
  audience: string,
  options: {
    readonly jwksUri?: string | undefined;
    readonly algorithms?: readonly string[] | undefined;
  } = {},
): CredentialsVerifier {
  const { jwksUri, algorithms = [DEMO_SIGNING_ALG] } = options;
  const server = issuerMetadata(issuer, jwksUri);
  // One list for tokens and proofs: the token is held to `algorithms` before the library sees it,
  // the proof to PROOF_ALGORITHMS by the API's proof policy.
  const signingAlgorithms = [...new Set([...algorithms, ...PROOF_ALGORITHMS])];

  return async (presented): Promise<CredentialsVerdict> => {
    const as = await server();
    if (!signedWithOneOf(presented.token, algorithms)) {
      return { outcome: 'invalid-token', description: TOKEN_FAULTS.malformed };
    }
    const validate: Validate = (request) =>
      oauth.validateJwtAccessToken(as, request, audience, {
        ...providerRequestOptions(as.jwks_uri ?? issuer),
        signingAlgorithms,
        [oauth.clockTolerance]: 0,
      });
    const asPresented = requestFor(presented, presented.scheme);
    let claims: oauth.JWTAccessTokenClaims;
    try {
      claims = await validate(asPresented);
    } catch (refusal) {
      return explainRefusal(refusal, presented, asPresented, validate);
    }
    const scope = typeof claims.scope === 'string' ? claims.scope : '';
    const proof = presented.scheme === 'DPoP' ? presented.proof : undefined;
    return {
      outcome: 'accepted',
      subject: claims.sub,
      scope,
      ...readSignInFacts({ acr: claims['acr'], auth_time: claims['auth_time'] }),
      ...(proof ? { proof } : {}),
    };
  };
}
