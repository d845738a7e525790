import { AuthError } from '../errors.js';
import type { SecretStore } from '../ports.js';

/**
 * The keychain accounts this client writes for one provider and client (the service is the
 * configured `keychainService`). The names hold no secret; every reader builds them here.
 */
export function keychainAccounts(issuer: string, clientId: string) {
  const session = `${issuer} ${clientId}`;
  return {
    /** The refresh token (RFC 6749 §1.5). */
    refreshToken: session,
    /** The private DPoP key the refresh token is bound to (RFC 9449 §5). */
    proofKey: `${session} dpop-key`,
    /** The SHA-256 of the provider metadata this app saved to disk (see `saved-metadata.ts`). */
    metadataDigest: `${session} metadata-sha256`,
  } as const;
}

/**
 * The session's one home between runs: the OS keychain, under the service named in the
 * configuration and an account naming issuer and client, so two providers never share an entry.
 * It holds the refresh token and, with DPoP, the private key that token is bound to (RFC 9449 §5),
 * in two entries that are always removed together. Keychain failures become
 * `keychain_unavailable`; there is deliberately no plaintext fallback (RFC 8252 §8.6, RFC 9700 §4.14).
 */
export class RefreshTokenVault {
  readonly #account: string;
  readonly #proofKeyAccount: string;

  constructor(
    private readonly store: SecretStore,
    issuer: string,
    clientId: string,
  ) {
    const accounts = keychainAccounts(issuer, clientId);
    this.#account = accounts.refreshToken;
    this.#proofKeyAccount = accounts.proofKey;
  }

  /** The keychain account name; exposed for tests and diagnostics (it holds no secret). */
  get account(): string {
    return this.#account;
  }

  async read(): Promise<string | undefined> {
    return this.#guard('read your saved session from', () => this.store.get(this.#account));
  }

  async save(refreshToken: string): Promise<void> {
    await this.#guard('save your session to', () => this.store.set(this.#account, refreshToken));
  }

  async remove(): Promise<void> {
    await this.#guard('remove your session from', async () => {
      await this.store.delete(this.#account);
      await this.store.delete(this.#proofKeyAccount);
    });
  }

  async readProofKey(): Promise<string | undefined> {
    return this.#guard('read your session key from', () => this.store.get(this.#proofKeyAccount));
  }

  async saveProofKey(privateJwk: string): Promise<void> {
    await this.#guard('save your session key to', () => this.store.set(this.#proofKeyAccount, privateJwk));
  }

  async #guard<T>(doing: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new AuthError(
        'keychain_unavailable',
        `Could not ${doing} the system keychain. Make sure it is unlocked and try again.`,
        { cause: error },
      );
    }
  }
}

/**
 * The one message for "signed in, but the session could not be kept": after a sign-in and after a
 * rotated refresh token alike. Nothing is written anywhere else instead (RFC 8252 §8.6).
 */
export function sessionNotSaved(cause: unknown): AuthError {
  return new AuthError(
    'keychain_unavailable',
    'You are signed in, but the system keychain is unavailable, so you will have to sign in again ' +
      'next time. Your session was not saved anywhere else.',
    { cause },
  );
}
