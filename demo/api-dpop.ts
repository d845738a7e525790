import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, errors, jwtVerify } from 'jose';

/** What the API knows about the request a proof must match (RFC 9449 §4.3). */
export interface ProofContext {
  readonly method: string;
  /** The API's own URL for the requested resource (its configured origin, never the Host header). */
  readonly url: URL;
  readonly proof: string | undefined;
}

/** Asymmetric algorithms the API accepts for proofs; also its `algs` challenge parameter (§7.1). */
export const PROOF_ALGORITHMS = ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'];

/** How old a proof may be (§11.1). */
const PROOF_LIFETIME_SECONDS = 60;

/** How far the API's clock and the client's may disagree about a proof's `iat`. */
const CLOCK_TOLERANCE_SECONDS = 5;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const withoutQuery = (url: string | URL) => {
  const copy = new URL(url);
  copy.search = '';
  copy.hash = '';
  return copy.href;
};

/** Why a proof was refused: a bad proof, or a good one without the nonce the server wants (§9). */
export interface ProofRefusal {
  readonly error: 'invalid_dpop_proof' | 'use_dpop_nonce';
  readonly description: string;
}

/**
 * Builds the resource server's DPoP proof check (RFC 9449 §4.3, §7.1): a `dpop+jwt` signed by the
 * key it carries, fresh, for this method and URL, for this access token (`ath`), by the key the
 * token is bound to (`cnf.jkt`), and never seen before; with `nonce`, also carrying the server's
 * current nonce (§9). Answers why a proof is refused, or undefined when it is good.
 */
export function createProofCheck(options: { readonly nonce?: () => string } = {}) {
  const seen = new Map<string, number>();
  const invalid = (description: string): ProofRefusal => ({ error: 'invalid_dpop_proof', description });
  const problemOf = async (
    context: ProofContext,
    accessToken: string,
    jkt: string,
  ): Promise<string | ProofRefusal | undefined> => {
    if (!context.proof) return 'A DPoP proof is required with this access token';
    let verified;
    try {
      verified = await jwtVerify(context.proof, EmbeddedJWK, {
        typ: 'dpop+jwt',
        algorithms: PROOF_ALGORITHMS,
        maxTokenAge: PROOF_LIFETIME_SECONDS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['jti', 'htm', 'htu', 'iat'],
      });
    } catch (error) {
      if (error instanceof errors.JOSEError)
        return 'The DPoP proof is malformed, stale or not validly signed';
      throw error;
    }
    const { payload, protectedHeader } = verified;
    const jwk = protectedHeader.jwk ?? {};
    if ('d' in jwk) return 'The DPoP proof carries a private key';
    if ((await calculateJwkThumbprint(jwk)) !== jkt)
      return 'The DPoP proof is signed by another key than the token is bound to';
    if (payload['htm'] !== context.method) return 'The DPoP proof is for another HTTP method';
    if (
      typeof payload['htu'] !== 'string' ||
      !URL.canParse(payload['htu']) ||
      withoutQuery(payload['htu']) !== withoutQuery(context.url)
    )
      return 'The DPoP proof is for another URL';
    if (payload['ath'] !== sha256(accessToken)) return 'The DPoP proof is for another access token';

    const now = Date.now();
    for (const [jti, expiry] of seen) if (expiry < now) seen.delete(jti);
    const jti = String(payload.jti);
    if (seen.has(jti)) return 'The DPoP proof was already used';
    // Remembered for as long as the proof would pass as fresh, counted from its `iat` rather than
    // from now, so it cannot be replayed in the tolerance after its first use is forgotten.
    const stale = (Number(payload.iat) + PROOF_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) * 1000;
    seen.set(jti, stale);
    if (options.nonce && payload['nonce'] !== options.nonce())
      return {
        error: 'use_dpop_nonce',
        description: 'The resource server requires its nonce in the DPoP proof',
      };
    return undefined;
  };
  return async (
    context: ProofContext,
    accessToken: string,
    jkt: string,
  ): Promise<ProofRefusal | undefined> => {
    const problem = await problemOf(context, accessToken, jkt);
    return typeof problem === 'string' ? invalid(problem) : problem;
  };
}
