import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, exportJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { exportDpopKeyPair, generateDpopKeyPair, importDpopKeyPair } from '../../electron/auth/dpop-key.js';
import { createDpopProof } from '../../electron/auth/dpop-proof.js';

const NOW = 1_800_000_000;

describe('DPoP proofs for the API (RFC 9449 §4.2)', () => {
  it('signs method, URL without query, time, a unique jti and the token hash with the embedded public key', async () => {
    const pair = await generateDpopKeyPair();
    const input = {
      method: 'GET',
      url: new URL('https://api.example.com/items?page=2#top'),
      accessToken: 'at-1',
      now: NOW,
    };
    const proof = await createDpopProof(pair, input);
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      currentDate: new Date(NOW * 1000),
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256' } });
    expect(protectedHeader.jwk).not.toHaveProperty('d');
    expect(payload).toMatchObject({
      htm: 'GET',
      htu: 'https://api.example.com/items',
      iat: NOW,
      ath: createHash('sha256').update('at-1').digest('base64url'),
    });
    expect(payload).not.toHaveProperty('nonce');
    const again = await jwtVerify(await createDpopProof(pair, input), EmbeddedJWK, {
      currentDate: new Date(NOW * 1000),
    });
    expect(again.payload.jti).not.toBe(payload.jti);
  });

  it('carries a nonce the resource server asked for (§9)', async () => {
    const pair = await generateDpopKeyPair();
    const proof = await createDpopProof(pair, {
      method: 'POST',
      url: new URL('https://api.example.com/'),
      accessToken: 'at',
      nonce: 'n-1',
      now: NOW,
    });
    const { payload } = await jwtVerify(proof, EmbeddedJWK, { currentDate: new Date(NOW * 1000) });
    expect(payload['nonce']).toBe('n-1');
  });
});

describe('the DPoP key in the keychain', () => {
  it('round-trips to the same public key, and comes back non-extractable', async () => {
    const pair = await generateDpopKeyPair();
    const restored = await importDpopKeyPair(await exportDpopKeyPair(pair));
    const thumbprint = async (key: CryptoKey) => calculateJwkThumbprint(await exportJWK(key));
    expect(await thumbprint(restored.publicKey)).toBe(await thumbprint(pair.publicKey));
    expect(restored.privateKey.extractable).toBe(false);
  });

  it('ends the session with a clear code when the saved key is unreadable', async () => {
    await expect(importDpopKeyPair('{"kty":"EC"')).rejects.toMatchObject({ code: 'session_expired' });
  });
});
