import * as oidc from 'openid-client';
import { AuthError } from '../errors.js';
import { DPOP_ALGORITHM, exportDpopKeyPair, generateDpopKeyPair, importDpopKeyPair } from './dpop-key.js';
import type { RefreshTokenVault } from '../tokens/refresh-token-vault.js';

/**
 * The session's DPoP key (RFC 9449) and everything done with it, when the configuration turns
 * DPoP on; when it is off every method is a no-op and tokens stay Bearer tokens.
 *
 * A sign-in makes a new key; the key is saved to the keychain with the refresh token it binds and
 * read back before the refresh at start-up. openid-client signs every proof through the session's
 * DPoP handle, for the provider (PAR, token endpoint, userinfo) and for the API alike, and keeps
 * each server's latest nonce (RFC 9449 §9).
 */
export class ProofOfPossession {
  #pair: CryptoKeyPair | undefined;
  #handles = new WeakMap<oidc.Configuration, oidc.DPoPHandle>();

  constructor(
    readonly enabled: boolean,
    private readonly vault: RefreshTokenVault,
  ) {}

  /**
   * A new sign-in: a new key, never one from an earlier session. Returns the step that puts it in
   * use, so an attempt superseded while the key was being made does not install its key.
   */
  async begin(configuration: oidc.Configuration): Promise<() => void> {
    if (!this.enabled) return () => undefined;
    const algorithms = configuration.serverMetadata().dpop_signing_alg_values_supported;
    if (!algorithms?.includes(DPOP_ALGORITHM)) {
      throw new AuthError(
        'provider_error',
        `DPoP is turned on, but the identity provider does not advertise DPoP with ${DPOP_ALGORITHM} ` +
          '(RFC 9449 §5.1). Turn "dpop" off or enable DPoP at the provider.',
      );
    }
    const pair = await generateDpopKeyPair();
    return () => this.#use(pair);
  }

  /** Write the key next to the refresh token; call before saving the token itself. */
  async save(): Promise<void> {
    if (this.#pair) await this.vault.saveProofKey(await exportDpopKeyPair(this.#pair));
  }

  /** At start-up: the saved session's key; without it the bound refresh token is worthless. */
  async load(): Promise<void> {
    if (!this.enabled) return;
    const saved = await this.vault.readProofKey();
    if (saved === undefined) {
      throw new AuthError(
        'session_expired',
        'The key of your saved session is missing. Please sign in again.',
      );
    }
    this.#use(await importDpopKeyPair(saved));
  }

  /** openid-client options for a request: a proof on each, nonces remembered per origin. */
  options(configuration: oidc.Configuration): oidc.DPoPOptions {
    if (!this.#pair) return {};
    let handle = this.#handles.get(configuration);
    if (!handle) {
      handle = oidc.getDPoPHandle(configuration, this.#pair);
      this.#handles.set(configuration, handle);
    }
    return { DPoP: handle };
  }

  /** The session ended: drop the key from memory (the vault removes its keychain entry). */
  forget(): void {
    this.#use(undefined);
  }

  #use(pair: CryptoKeyPair | undefined): void {
    this.#pair = pair;
    this.#handles = new WeakMap();
  }
}
