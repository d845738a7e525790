import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileMetadataCache } from '../../../electron/adapters/file-metadata-cache.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'metadata-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file metadata cache', () => {
  it('reads back exactly what it wrote, creating the folder, readable by the user only', async () => {
    const path = join(dir, 'nested', 'provider.json');
    const cache = createFileMetadataCache(path);
    expect(await cache.read()).toBeUndefined();
    await cache.write('{"any":"text"}\n');
    expect(await cache.read()).toBe('{"any":"text"}\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('leaves judging the content to the core: a corrupt file reads back as it is', async () => {
    const path = join(dir, 'provider.json');
    await writeFile(path, '{not json');
    expect(await createFileMetadataCache(path).read()).toBe('{not json');
  });
});
