import { randomBytes } from 'node:crypto';

import { decodeJwt, decodeProtectedHeader } from 'jose';

/** Asymmetric algorithms the API accepts for proofs; also its `algs` challenge parameter (§7.1). */
export const PROOF_ALGORITHMS = ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'];

/** How old a proof may be (§11.1). */
const PROOF_LIFETIME_SECONDS = 60;

/** How far the API's clock and the client's may disagree about a proof's `iat`. */
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Why the API refuses a DPoP proof, in its own words: the same whichever part of the API, or
 * which library, found the fault (RFC 9449 §7.1 `error_description`).
 */
export const PROOF_FAULTS = {
  missing: 'A DPoP proof is required with this access token',
  malformed: 'The DPoP proof is malformed, stale or not validly signed',
  anotherKey: 'The DPoP proof is signed by another key than the token is bound to',
  anotherMethod: 'The DPoP proof is for another HTTP method',
  anotherUrl: 'The DPoP proof is for another URL',
  anotherToken: 'The DPoP proof is for another access token',
  replayed: 'The DPoP proof was already used',
} as const;

/** Why a proof was refused: a bad proof, or a good one without the nonce the server wants (§9). */
export interface ProofRefusal {
  readonly error: 'invalid_dpop_proof' | 'use_dpop_nonce';
  readonly description: string;
}

/**
 * The API's own rules for a proof whose signature, `typ`, method, URL, access-token hash and key
 * were already verified (RFC 9449 §4.3); answers why it is refused, or undefined.
 */
export type ProofPolicy = (proof: string) => ProofRefusal | undefined;

/**
 * Builds what RFC 9449 leaves to each resource server: the algorithms it accepts (§7.1), how
 * fresh a proof must be and that none is used twice (§11.1), and, with `nonce`, that a proof
 * carries the server's current nonce (§9). oauth4webapi's `validateJwtAccessToken` leaves these
 * to its caller: it takes one algorithm list for tokens and proofs, lets a proof's `iat` be 300 s
 * off, and keeps no `jti`s or nonces.
 */
export function createProofPolicy(options: { readonly nonce?: () => string } = {}): ProofPolicy {
  const seen = new Map<string, number>();
  const invalid = (description: string): ProofRefusal => ({ error: 'invalid_dpop_proof', description });
  return (proof) => {
    const { alg } = decodeProtectedHeader(proof);
    const { iat, jti, nonce } = decodeJwt(proof);
    const nowMs = Date.now();
    const now = Math.floor(nowMs / 1000);
    if (
      !PROOF_ALGORITHMS.includes(alg ?? '') ||
      typeof iat !== 'number' ||
      iat > now + CLOCK_TOLERANCE_SECONDS ||
      now - iat > PROOF_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS
    )
      return invalid(PROOF_FAULTS.malformed);

    for (const [used, expiry] of seen) if (expiry < nowMs) seen.delete(used);
    const id = String(jti);
    if (seen.has(id)) return invalid(PROOF_FAULTS.replayed);
    // Remembered for as long as the proof would pass as fresh, counted from its `iat` rather than
    // from now, so it cannot be replayed in the tolerance after its first use is forgotten.
    seen.set(id, (iat + PROOF_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) * 1000);
    if (options.nonce && nonce !== options.nonce())
      return {
        error: 'use_dpop_nonce',
        description: 'The resource server requires its nonce in the DPoP proof',
      };
    return undefined;
  };
}

/** A nonce that changes every five minutes, so a proof cannot be made long in advance (RFC 9449 §9). */
export function rotatingNonce(): () => string {
  let value = randomBytes(16).toString('base64url');
  let issuedAt = Date.now();
  return () => {
    if (Date.now() - issuedAt > 5 * 60_000) {
      value = randomBytes(16).toString('base64url');
      issuedAt = Date.now();
    }
    return value;
  };
}
