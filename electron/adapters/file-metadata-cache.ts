import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MetadataCache } from '../auth/ports.js';

/**
 * Provider metadata (RFC 8414) kept in a file in the app's data folder, readable by the user only.
 * The core decides whether to trust what it reads back (`auth/saved-metadata.ts`); a missing or
 * unreadable file reads as nothing saved.
 */
export function createFileMetadataCache(path: string): MetadataCache {
  return {
    async read() {
      return readFile(path, 'utf8').catch(() => undefined);
    },
    async write(text) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text, { mode: 0o600 });
    },
  };
}
