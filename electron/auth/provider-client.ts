import * as oidc from 'openid-client';
import type { AppConfig } from './config.js';
import { isLoopbackHost } from './loopback.js';
import { toAuthError } from './map-oauth-error.js';
import {
  clientAuthentication,
  clientMetadata,
  metadataFromEndpoints,
  providerUrls,
} from './provider-metadata.js';

/** The one seam for all HTTP to the provider: tests inject faults and count requests here. */
export type HttpFetch = oidc.CustomFetch;

/**
 * Persisted authorization server metadata (RFC 8414), so that restoring a session at start costs
 * one round trip (the refresh) instead of two. It holds no secrets.
 */
export interface MetadataCache {
  read(): Promise<oidc.ServerMetadata | undefined>;
  write(metadata: oidc.ServerMetadata): Promise<void>;
}

export interface ProviderClientOptions {
  readonly fetch?: HttpFetch | undefined;
  readonly metadataCache?: MetadataCache | undefined;
}

/**
 * Resolves, once, the openid-client {@link oidc.Configuration} for the configured provider:
 * from hand-written endpoints when the config has them (no request at all); otherwise from
 * memory, then from the metadata cache (only if it names the same issuer), then by discovery
 * (OIDC Discovery 1.0 / RFC 8414). A failed lookup is not remembered, so the next attempt retries.
 */
export class ProviderClient {
  #configuration: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly options: ProviderClientOptions = {},
  ) {}

  get(): Promise<oidc.Configuration> {
    this.#configuration ??= this.#resolve().catch((error: unknown) => {
      this.#configuration = undefined;
      throw toAuthError(error, 'discovery');
    });
    return this.#configuration;
  }

  async #resolve(): Promise<oidc.Configuration> {
    const { config } = this;
    if (config.endpoints)
      return this.#configure(this.#fromMetadata(metadataFromEndpoints(config.issuer, config.endpoints)));
    const cached = await this.options.metadataCache?.read().catch(() => undefined);
    if (cached?.issuer === config.issuer) return this.#configure(this.#fromMetadata(cached));

    const insecure = usesPlainHttpLoopback(config);
    const configuration = await oidc.discovery(
      new URL(config.issuer),
      config.clientId,
      clientMetadata(config),
      clientAuthentication(config),
      {
        ...(this.options.fetch ? { [oidc.customFetch]: this.options.fetch } : {}),
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: this.config.httpTimeoutSeconds,
      },
    );
    await this.options.metadataCache?.write(configuration.serverMetadata()).catch(() => undefined);
    return this.#configure(configuration);
  }

  #fromMetadata(metadata: oidc.ServerMetadata): oidc.Configuration {
    return new oidc.Configuration(
      metadata,
      this.config.clientId,
      clientMetadata(this.config),
      clientAuthentication(this.config),
    );
  }

  #configure(configuration: oidc.Configuration): oidc.Configuration {
    configuration.timeout = this.config.httpTimeoutSeconds;
    if (this.options.fetch) configuration[oidc.customFetch] = this.options.fetch;
    if (usesPlainHttpLoopback(this.config)) oidc.allowInsecureRequests(configuration);
    return configuration;
  }
}

/** Validation admits plain http only on loopback, so this is true only for a local provider. */
function usesPlainHttpLoopback(config: AppConfig): boolean {
  return providerUrls(config).some((value) => {
    const url = new URL(value);
    return url.protocol === 'http:' && isLoopbackHost(url.hostname);
  });
}
