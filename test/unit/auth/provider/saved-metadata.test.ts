import type { ServerMetadata } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { keychainAccounts } from '../../../../electron/auth/tokens/refresh-token-vault.js';
import { SavedMetadata } from '../../../../electron/auth/provider/saved-metadata.js';
import { ManualClock, MemorySecretStore, memoryMetadataCache } from '../../../support/fakes.js';
import { OFFLINE_ISSUER, OFFLINE_METADATA } from '../../../support/offline-provider.js';

const provider = { issuer: OFFLINE_ISSUER, clientId: 'desktop' };
const digestAccount = keychainAccounts(OFFLINE_ISSUER, 'desktop').metadataDigest;

/** Metadata saved by the app a moment ago, and the parts a test may tamper with. */
async function saved(metadata: ServerMetadata = OFFLINE_METADATA) {
  const cache = memoryMetadataCache();
  const keychain = new MemorySecretStore();
  const clock = new ManualClock();
  await new SavedMetadata(cache, keychain, provider, clock.now).save(metadata);
  const reopen = () => new SavedMetadata(cache, keychain, provider, clock.now).read();
  return { cache, keychain, clock, reopen };
}

describe('saved provider metadata (trusted only when the keychain vouches for it)', () => {
  it('reads back what this app saved, with its digest in the keychain beside the session', async () => {
    const { keychain, reopen } = await saved();
    expect(await reopen()).toEqual(OFFLINE_METADATA);
    expect(keychain.entries.get(digestAccount)).toMatch(/^[\w-]{43}$/);
  });

  it('ignores a file rewritten by another program, even one that keeps the issuer', async () => {
    const { cache, reopen } = await saved();
    const record = JSON.parse(cache.text ?? '') as { metadata: Record<string, unknown> };
    record.metadata.token_endpoint = 'https://attacker.example/token';
    cache.text = JSON.stringify(record, null, 2) + '\n';
    expect(await reopen()).toBeUndefined();
  });

  it.each([
    ['one changed byte', (text: string) => text.replace('/token', '/tokeN')],
    ['trailing whitespace', (text: string) => `${text} `],
    ['a file that is not JSON', () => '{not json'],
  ])('ignores %s', async (_name, tamper) => {
    const { cache, reopen } = await saved();
    cache.text = tamper(cache.text ?? '');
    expect(await reopen()).toBeUndefined();
  });

  it('ignores a file whose digest the keychain does not hold, or cannot give', async () => {
    const { keychain, reopen } = await saved();
    keychain.failWith = new Error('Cannot get secret of a locked object');
    expect(await reopen()).toBeUndefined();
    keychain.failWith = undefined;
    keychain.entries.delete(digestAccount);
    expect(await reopen()).toBeUndefined();
  });

  it('forgets metadata saved more than a day ago by its own record, not the file time', async () => {
    const { clock, reopen } = await saved();
    clock.advance(24 * 60 * 60 * 1000);
    expect(await reopen()).toEqual(OFFLINE_METADATA);
    clock.advance(1);
    expect(await reopen()).toBeUndefined();
  });

  it('ignores metadata for another issuer, and metadata that breaks the endpoint policy', async () => {
    expect(
      await (await saved({ ...OFFLINE_METADATA, issuer: 'https://other.example' })).reopen(),
    ).toBeUndefined();
    const insecure = { ...OFFLINE_METADATA, token_endpoint: 'http://idp.example.test/token' };
    expect(await (await saved(insecure)).reopen()).toBeUndefined();
  });

  it('saves nothing it cannot vouch for: a keychain that refuses the digest leaves the file unused', async () => {
    const cache = memoryMetadataCache();
    const keychain = new MemorySecretStore();
    keychain.failWith = new Error('Cannot create an item in a locked collection');
    await new SavedMetadata(cache, keychain, provider).save(OFFLINE_METADATA);
    keychain.failWith = undefined;
    expect(cache.text).toContain(OFFLINE_ISSUER);
    expect(await new SavedMetadata(cache, keychain, provider).read()).toBeUndefined();
  });
});
