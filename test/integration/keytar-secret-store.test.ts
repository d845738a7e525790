import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../electron/adapters/keytar-secret-store.js';
import { RefreshTokenVault } from '../../electron/auth/tokens/refresh-token-vault.js';

// Runs against the real Secret Service (`npm test` starts a private gnome-keyring when needed).
const service = `com.example.desktop.test-${randomUUID()}`;
const store = createKeytarSecretStore(service);
const account = 'https://idp.example.test desktop';

afterEach(async () => {
  await store.delete(account);
});

describe('keytar secret store (real keychain)', () => {
  it('stores, reads back, replaces and deletes a secret', async () => {
    expect(await store.get(account)).toBeUndefined();
    await store.set(account, 'refresh-1');
    expect(await store.get(account)).toBe('refresh-1');
    await store.set(account, 'refresh-2');
    expect(await store.get(account)).toBe('refresh-2');
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeUndefined();
    expect(await store.delete(account)).toBe(false);
  });

  it('keeps entries of different services apart', async () => {
    const other = createKeytarSecretStore(`${service}-other`);
    await store.set(account, 'mine');
    expect(await other.get(account)).toBeUndefined();
  });

  it('names the account after issuer and client so providers never share an entry', async () => {
    const vault = new RefreshTokenVault(store, 'https://idp.example.test', 'desktop');
    await vault.save('refresh-3');
    expect(vault.account).toBe(account);
    expect(await store.get(account)).toBe('refresh-3');
  });
});
