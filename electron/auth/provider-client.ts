import * as oidc from 'openid-client';
import type { AppConfig } from './config.js';
import { isLoopbackHost } from './loopback.js';
import { toAuthError } from './map-oauth-error.js';

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
 * from memory, then from the metadata cache (only if it names the same issuer), then by
 * discovery (OIDC Discovery 1.0 / RFC 8414). A failed lookup is not remembered, so the next
 * attempt retries.
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
    const cached = await this.options.metadataCache?.read().catch(() => undefined);
    if (cached?.issuer === this.config.issuer)
      return this.#configure(new oidc.Configuration(cached, this.config.clientId, undefined, oidc.None()));

    const insecure = isPlainHttpLoopback(this.config.issuer);
    const configuration = await oidc.discovery(
      new URL(this.config.issuer),
      this.config.clientId,
      undefined,
      oidc.None(),
      {
        ...(this.options.fetch ? { [oidc.customFetch]: this.options.fetch } : {}),
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: this.config.httpTimeoutSeconds,
      },
    );
    await this.options.metadataCache?.write(configuration.serverMetadata()).catch(() => undefined);
    return this.#configure(configuration);
  }

  #configure(configuration: oidc.Configuration): oidc.Configuration {
    configuration.timeout = this.config.httpTimeoutSeconds;
    if (this.options.fetch) configuration[oidc.customFetch] = this.options.fetch;
    if (isPlainHttpLoopback(this.config.issuer)) oidc.allowInsecureRequests(configuration);
    return configuration;
  }
}

function isPlainHttpLoopback(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}
