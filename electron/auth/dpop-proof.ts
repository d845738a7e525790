import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import { DPOP_ALGORITHM } from './dpop-key.js';

export interface DpopProofInput {
  /** The HTTP method and URL of the request the proof is for (RFC 9449 §4.2 `htm`, `htu`). */
  readonly method: string;
  readonly url: URL;
  /** The access token the request carries; its hash binds the proof to it (§4.2 `ath`). */
  readonly accessToken: string;
  /** A nonce the resource server asked for (§9), if any. */
  readonly nonce?: string | undefined;
  /** Seconds since the epoch; the proof's `iat`. */
  readonly now: number;
}

/**
 * A DPoP proof for one request to the protected API (RFC 9449 §4, §7): a JWT signed with the
 * session's private key, carrying its public key, the request's method and URL without query or
 * fragment, a unique `jti`, and the access token's hash. The provider's token endpoint gets its
 * proofs from openid-client; this is the resource-server side, which openid-client leaves to us.
 */
export async function createDpopProof(pair: CryptoKeyPair, input: DpopProofInput): Promise<string> {
  const jwk = await exportJWK(pair.publicKey);
  const htu = new URL(input.url);
  htu.search = '';
  htu.hash = '';
  return new SignJWT({
    jti: randomUUID(),
    htm: input.method,
    htu: htu.href,
    iat: input.now,
    ath: createHash('sha256').update(input.accessToken).digest('base64url'),
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
  })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: DPOP_ALGORITHM, jwk })
    .sign(pair.privateKey);
}
