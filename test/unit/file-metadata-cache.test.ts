import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileMetadataCache } from '../../electron/adapters/file-metadata-cache.js';
import { OFFLINE_METADATA } from '../support/offline-provider.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'metadata-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file metadata cache', () => {
  it('reads back what it wrote, creating the folder', async () => {
    const cache = createFileMetadataCache(join(dir, 'nested', 'provider.json'));
    expect(await cache.read()).toBeUndefined();
    await cache.write(OFFLINE_METADATA);
    expect(await cache.read()).toEqual(OFFLINE_METADATA);
  });

  it('forgets metadata older than a day', async () => {
    const path = join(dir, 'provider.json');
    await createFileMetadataCache(path).write(OFFLINE_METADATA);
    const dayAgo = (Date.now() - 25 * 60 * 60 * 1000) / 1000;
    await utimes(path, dayAgo, dayAgo);
    expect(await createFileMetadataCache(path).read()).toBeUndefined();
  });

  it('treats a corrupt file as no cache', async () => {
    const path = join(dir, 'provider.json');
    await writeFile(path, '{not json');
    expect(await createFileMetadataCache(path).read()).toBeUndefined();
  });
});
