import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ServerMetadata } from 'openid-client';
import type { MetadataCache } from '../auth/provider-client.js';

/** Re-discover at least daily, so a provider's changed endpoints or keys are picked up. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Provider metadata (RFC 8414) kept in a JSON file in the app's data folder. It is public
 * information, so a plain file is fine; tokens never go here.
 */
export function createFileMetadataCache(path: string, now: () => number = Date.now): MetadataCache {
  return {
    async read() {
      try {
        if (now() - (await stat(path)).mtimeMs > MAX_AGE_MS) return undefined;
        const value: unknown = JSON.parse(await readFile(path, 'utf8'));
        return typeof value === 'object' && value !== null && 'issuer' in value
          ? (value as ServerMetadata)
          : undefined;
      } catch {
        return undefined;
      }
    },
    async write(metadata) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, `${JSON.stringify(metadata, null, 2)}\n`, { mode: 0o600 });
    },
  };
}
