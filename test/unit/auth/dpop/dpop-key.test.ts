import { calculateJwkThumbprint, exportJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  exportDpopKeyPair,
  generateDpopKeyPair,
  importDpopKeyPair,
} from '../../../../electron/auth/dpop/dpop-key.js';

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
