import * as oidc from 'openid-client';
import type { AppConfig } from '../config/config.js';
import {
  checkEndpointPolicy,
  plainHttpOnlyToLoopback,
  usesPlainHttpLoopback,
} from '../policy/endpoint-policy.js';
import { isPlainHttpOnLoopback } from '../policy/loopback.js';
import { fromOAuthFailure } from '../errors.js';
import type { Clock, HttpFetch, MetadataCache, SecretStore } from '../ports.js';
import { clientAuthentication, clientMetadata, metadataFromEndpoints } from './provider-metadata.js';
import { SavedMetadata } from './saved-metadata.js';
import { namingTlsFailures } from './tls-problem.js';

export interface ProviderClientOptions {
  readonly fetch?: HttpFetch | undefined;
  /**
   * Where discovered metadata is kept between runs, and the keychain that vouches for it: the
   * cache is used only when the keychain holds the digest of exactly what this app wrote.
   */
  readonly savedMetadata?:
    { readonly cache: MetadataCache; readonly keychain: SecretStore; readonly clock?: Clock } | undefined;
}

/**
 * Resolves, once, the openid-client {@link oidc.Configuration} for the configured provider:
 * from hand-written endpoints when the config has them (no request at all); otherwise from
 * memory, then from metadata this app saved (see {@link SavedMetadata}), then by discovery
 * (OIDC Discovery 1.0 / RFC 8414). Whatever the source, every endpoint must be https or plain
 * http on loopback, and plain http goes nowhere else. A failed lookup is not remembered, so the
 * next attempt retries.
 */
export class ProviderClient {
  #configuration: Promise<oidc.Configuration> | undefined;
  #resource: Promise<oidc.Configuration> | undefined;
  readonly #saved: SavedMetadata | undefined;
  #savedRead: Promise<oidc.ServerMetadata | undefined> | undefined;
  readonly #fetch: HttpFetch;

  constructor(
    private readonly config: AppConfig,
    options: ProviderClientOptions = {},
  ) {
    const saved = options.savedMetadata;
    this.#saved = saved && new SavedMetadata(saved.cache, saved.keychain, config, saved.clock);
    this.#fetch = plainHttpOnlyToLoopback(namingTlsFailures(options.fetch ?? nodeFetch));
  }

  /** The one fetch port main's HTTP goes through, with the transport policy applied. */
  get fetch(): HttpFetch {
    return this.#fetch;
  }

  /**
   * Start checking the saved metadata now (local work only: the file and the keychain, never the
   * network), so a restore's refresh does not wait for it. The next {@link get} uses the result.
   */
  prepare(): void {
    if (this.#configuration === undefined) this.#savedRead ??= this.#saved?.read();
  }

  /**
   * The configuration API requests go out with (`fetchProtectedResource`): the provider's, with its
   * fetch and timeout, and plain http allowed as well when the configured API is on loopback while
   * the provider is not (a local API in development). The fetch still sends plain http only to
   * this machine.
   */
  resourceConfiguration(): Promise<oidc.Configuration> {
    this.#resource ??= this.get().then(
      (configuration) => {
        const api = URL.parse(this.config.apiBaseUrl ?? '');
        const metadata = configuration.serverMetadata();
        if (api?.protocol !== 'http:' || usesPlainHttpLoopback(metadata)) return configuration;
        const local = this.#configure(metadata);
        oidc.allowInsecureRequests(local);
        return local;
      },
      (error: unknown) => {
        this.#resource = undefined;
        throw error;
      },
    );
    return this.#resource;
  }

  get(): Promise<oidc.Configuration> {
    this.#configuration ??= this.#resolve().catch((error: unknown) => {
      this.#configuration = undefined;
      throw fromOAuthFailure(error, 'discovery');
    });
    return this.#configuration;
  }

  async #resolve(): Promise<oidc.Configuration> {
    const { config } = this;
    if (config.endpoints) return this.#configure(metadataFromEndpoints(config.issuer, config.endpoints));
    const saved = await (this.#savedRead ?? this.#saved?.read());
    this.#savedRead = undefined;
    if (saved) return this.#configure(saved);

    const issuer = new URL(config.issuer);
    const discovered = await oidc.discovery(
      issuer,
      config.clientId,
      clientMetadata(config),
      clientAuthentication(config),
      {
        [oidc.customFetch]: this.#fetch,
        ...(isPlainHttpOnLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: config.httpTimeoutSeconds,
      },
    );
    const configuration = this.#configure(discovered.serverMetadata());
    await this.#saved?.save(configuration.serverMetadata());
    return configuration;
  }

  /** A configuration for metadata that passed the endpoint policy, with plain http only if needed. */
  #configure(metadata: oidc.ServerMetadata): oidc.Configuration {
    checkEndpointPolicy(metadata);
    const configuration = new oidc.Configuration(
      metadata,
      this.config.clientId,
      clientMetadata(this.config),
      clientAuthentication(this.config),
    );
    configuration.timeout = this.config.httpTimeoutSeconds;
    configuration[oidc.customFetch] = this.#fetch;
    if (usesPlainHttpLoopback(metadata)) oidc.allowInsecureRequests(configuration);
    return configuration;
  }
}

/** Node's fetch, in openid-client's seam (whose body type is wider than the DOM typings say). */
export const nodeFetch: HttpFetch = (url, init) =>
  fetch(url, { ...init, body: (init.body ?? null) as BodyInit | null });
