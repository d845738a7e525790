import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, errors, jwtVerify } from 'jose';

import type {
  CredentialsVerdict,
  CredentialsVerifier,
  PresentedCredentials,
  TokenVerifier,
} from './api-auth.js';
import { PROOF_ALGORITHMS, PROOF_FAULTS } from './api-dpop.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const withoutQuery = (url: string | URL) => {
  const copy = new URL(url);
  copy.search = '';
  copy.hash = '';
  return copy.href;
};

/**
 * The proof's own checks (RFC 9449 §4.3): a `dpop+jwt` signed by the public key it carries, for
 * this method, URL and access token (`ath`), by the key the token is bound to. Answers why it is
 * refused, or undefined.
 */
async function proofFault(presented: PresentedCredentials, jkt: string): Promise<string | undefined> {
  if (!presented.proof) return PROOF_FAULTS.missing;
  let verified;
  try {
    verified = await jwtVerify(presented.proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: PROOF_ALGORITHMS,
      requiredClaims: ['jti', 'htm', 'htu', 'iat'],
    });
  } catch (error) {
    if (error instanceof errors.JOSEError) return PROOF_FAULTS.malformed;
    throw error;
  }
  const { payload, protectedHeader } = verified;
  if ((await calculateJwkThumbprint(protectedHeader.jwk ?? {})) !== jkt) return PROOF_FAULTS.anotherKey;
  if (payload['htm'] !== presented.method) return PROOF_FAULTS.anotherMethod;
  const htu = payload['htu'];
  if (typeof htu !== 'string' || !URL.canParse(htu) || withoutQuery(htu) !== withoutQuery(presented.url))
    return PROOF_FAULTS.anotherUrl;
  if (payload['ath'] !== sha256(presented.token)) return PROOF_FAULTS.anotherToken;
  return undefined;
}

/**
 * Verifies opaque tokens by introspection (RFC 7662) and, when the answer binds the token to a
 * key (`cnf.jkt`, RFC 9449 §6.2), its DPoP proof. oauth4webapi verifies proofs only together with
 * a JWT access token (`validateJwtAccessToken`), so for an introspected token the proof's own
 * checks are written out here with jose; freshness, replay and nonces are the API's proof policy,
 * for JWTs and opaque tokens alike.
 */
export function createOpaqueVerifier(introspect: TokenVerifier): CredentialsVerifier {
  return async (presented): Promise<CredentialsVerdict> => {
    const verdict = await introspect(presented.token);
    if (!verdict.valid) return { outcome: 'invalid-token', description: verdict.description };
    const { subject, scope, acr, authTime, jkt } = verdict;
    const granted = { subject, scope, acr, authTime };
    if (jkt === undefined) {
      return presented.scheme === 'DPoP'
        ? { outcome: 'unbound-token-as-dpop' }
        : { outcome: 'accepted', ...granted };
    }
    if (presented.scheme !== 'DPoP') return { outcome: 'bound-token-as-bearer' };
    const fault = await proofFault(presented, jkt);
    if (fault) return { outcome: 'invalid-proof', description: fault };
    return { outcome: 'accepted', ...granted, ...(presented.proof ? { proof: presented.proof } : {}) };
  };
}
