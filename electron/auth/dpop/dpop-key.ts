import { exportJWK, importJWK, type JWK } from 'jose';
import * as oidc from 'openid-client';
import { AuthError } from '../errors.js';

/**
 * The one algorithm this client proves possession with (RFC 9449 §5.1 `dpop_signing_alg_values_supported`):
 * ES256 is the algorithm every DPoP-capable provider is expected to accept.
 */
export const DPOP_ALGORITHM = 'ES256';

/**
 * A fresh key pair for one session (RFC 9449 §2). The private key is extractable only so that it
 * can be written to the keychain next to the refresh token it binds (§5: a public client's refresh
 * token is bound too, so losing the key ends the session).
 */
export function generateDpopKeyPair(): Promise<CryptoKeyPair> {
  return oidc.randomDPoPKeyPair(DPOP_ALGORITHM, { extractable: true });
}

/** The private key as a JWK string, for the keychain only. */
export async function exportDpopKeyPair(pair: CryptoKeyPair): Promise<string> {
  return JSON.stringify(await exportJWK(pair.privateKey));
}

/**
 * Read a key pair back from the keychain. The private key comes back non-extractable: after a
 * restart nothing in the process can read it out again.
 */
export async function importDpopKeyPair(serialized: string): Promise<CryptoKeyPair> {
  try {
    const jwk = JSON.parse(serialized) as JWK;
    const publicJwk: JWK = { ...jwk };
    delete publicJwk.d;
    const privateKey = await importJWK(jwk, DPOP_ALGORITHM, { extractable: false });
    const publicKey = await importJWK(publicJwk, DPOP_ALGORITHM, { extractable: true });
    if (!(privateKey instanceof CryptoKey) || !(publicKey instanceof CryptoKey))
      throw new TypeError('not an EC key');
    return { privateKey, publicKey };
  } catch (error) {
    throw new AuthError(
      'session_expired',
      'The key that protects your saved session is unreadable. Please sign in again.',
      { cause: error },
    );
  }
}
