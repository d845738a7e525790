import * as oidc from 'openid-client';
import { AuthError } from './auth-error.js';
import { DPOP_ALGORITHM, exportDpopKeyPair, generateDpopKeyPair, importDpopKeyPair } from './dpop-key.js';
import { createDpopProof } from './dpop-proof.js';
import type { Clock } from './ports.js';
import type { RefreshTokenVault } from './refresh-token-vault.js';

/**
 * The session's DPoP key (RFC 9449) and everything done with it, when the configuration turns
 * DPoP on; when it is off every method is a no-op and tokens stay Bearer tokens.
 *
 * A sign-in makes a new key; the key is saved to the keychain with the refresh token it binds and
 * read back before the refresh at start-up. openid-client signs the proofs for the provider
 * (PAR, token endpoint, userinfo) and keeps its nonces; {@link proofFor} signs them for the API.
 */
export class ProofOfPossession {
  #pair: CryptoKeyPair | undefined;
  #handles = new WeakMap<oidc.Configuration, oidc.DPoPHandle>();
  /** The latest nonce each resource server handed out (RFC 9449 §9), by origin. */
  #apiNonces = new Map<string, string>();

  constructor(
    readonly enabled: boolean,
    private readonly vault: RefreshTokenVault,
    private readonly clock: Clock,
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

  /** openid-client options for requests to the provider: a proof on each, nonces remembered. */
  options(configuration: oidc.Configuration): oidc.DPoPOptions {
    if (!this.#pair) return {};
    let handle = this.#handles.get(configuration);
    if (!handle) {
      handle = oidc.getDPoPHandle(configuration, this.#pair);
      this.#handles.set(configuration, handle);
    }
    return { DPoP: handle };
  }

  /** The proof for one API request with a DPoP-bound access token (RFC 9449 §7.1). */
  async proofFor(method: string, url: URL, accessToken: string): Promise<string> {
    if (!this.#pair) throw new AuthError('not_signed_in', 'Sign in first.');
    const now = Math.floor(this.clock() / 1000);
    const nonce = this.#apiNonces.get(url.origin);
    return createDpopProof(this.#pair, { method, url, accessToken, nonce, now });
  }

  /** A resource server sent `DPoP-Nonce`: put it in this origin's next proofs (RFC 9449 §9). */
  noteNonce(url: URL, nonce: string): void {
    if (this.#pair) this.#apiNonces.set(url.origin, nonce);
  }

  /** The session ended: drop the key from memory (the vault removes its keychain entry). */
  forget(): void {
    this.#use(undefined);
  }

  #use(pair: CryptoKeyPair | undefined): void {
    this.#pair = pair;
    this.#handles = new WeakMap();
    this.#apiNonces.clear();
  }
}
