import { createHash } from 'node:crypto';
import type * as oidc from 'openid-client';
import { checkEndpointPolicy } from '../policy/endpoint-policy.js';
import type { Clock, MetadataCache, SecretStore } from '../ports.js';
import { keychainAccounts } from '../tokens/refresh-token-vault.js';

/** Re-discover at least daily, so a provider's changed endpoints or keys are picked up. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** What is written to the cache: the metadata and when this app saved it, covered by one digest. */
interface SavedRecord {
  readonly savedAt: number;
  readonly metadata: oidc.ServerMetadata;
}

/**
 * Provider metadata (RFC 8414 §3) kept between runs, so that a restart costs one request (the
 * refresh) instead of two, and trusted only when this app can prove it wrote it.
 *
 * The metadata decides where the refresh token, the code and its verifier are sent and which page
 * the browser opens, and the cache is a plain file any program running as the user can rewrite. So
 * the SHA-256 of exactly what was written goes to the keychain, beside the refresh token, and a
 * read returns the metadata only when the file still hashes to it, is under a day old by the time
 * saved inside it, names the configured issuer and passes the endpoint policy. Anything else reads
 * as "nothing saved": the provider is discovered again and its answer saved anew. The keychain holds
 * the digest rather than the document because some keychains cap an entry at a few kilobytes
 * (Windows Credential Manager: 2,560 bytes), smaller than many discovery documents.
 */
export class SavedMetadata {
  readonly #account: string;

  constructor(
    private readonly cache: MetadataCache,
    private readonly keychain: SecretStore,
    private readonly provider: { readonly issuer: string; readonly clientId: string },
    private readonly clock: Clock = Date.now,
  ) {
    this.#account = keychainAccounts(provider.issuer, provider.clientId).metadataDigest;
  }

  /** The saved metadata when every check passes; otherwise undefined. Never throws. */
  async read(): Promise<oidc.ServerMetadata | undefined> {
    try {
      const [text, digest] = await Promise.all([this.cache.read(), this.keychain.get(this.#account)]);
      if (text === undefined || digest === undefined || sha256(text) !== digest) return undefined;
      const record = JSON.parse(text) as SavedRecord;
      const age = this.clock() - record.savedAt;
      if (!(age >= 0 && age <= MAX_AGE_MS) || record.metadata.issuer !== this.provider.issuer)
        return undefined;
      checkEndpointPolicy(record.metadata);
      return record.metadata;
    } catch {
      return undefined;
    }
  }

  /**
   * Save freshly discovered metadata, then vouch for it in the keychain. Best effort: when either
   * write fails, the next start discovers again, which costs a request and nothing else.
   */
  async save(metadata: oidc.ServerMetadata): Promise<void> {
    const record: SavedRecord = { savedAt: this.clock(), metadata };
    const text = `${JSON.stringify(record, null, 2)}\n`;
    try {
      await this.cache.write(text);
      await this.keychain.set(this.#account, sha256(text));
    } catch {
      // Nothing to undo: an unmatched file is never used.
    }
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}
