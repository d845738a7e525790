import type { ServerMetadata } from 'openid-client';
import { validateConfig, type AppConfig } from '../../electron/auth/config/config.js';
import { ProviderClient } from '../../electron/auth/provider/provider-client.js';
import { SavedMetadata } from '../../electron/auth/provider/saved-metadata.js';
import { ManualClock, MemorySecretStore, memoryMetadataCache } from './fakes.js';
import { composeTestSession } from './test-session.js';

export const OFFLINE_ISSUER = 'https://idp.example.test';

/** Metadata for a provider that is never contacted unless a test's fetch answers for it. */
export const OFFLINE_METADATA: ServerMetadata = {
  issuer: OFFLINE_ISSUER,
  authorization_endpoint: `${OFFLINE_ISSUER}/authorize`,
  token_endpoint: `${OFFLINE_ISSUER}/token`,
  revocation_endpoint: `${OFFLINE_ISSUER}/revoke`,
  userinfo_endpoint: `${OFFLINE_ISSUER}/userinfo`,
  jwks_uri: `${OFFLINE_ISSUER}/jwks`,
  code_challenge_methods_supported: ['S256'],
  authorization_response_iss_parameter_supported: true,
};

export function offlineConfig(overrides: Record<string, unknown> = {}): AppConfig {
  return validateConfig({
    issuer: OFFLINE_ISSUER,
    clientId: 'desktop',
    redirectUri: 'com.example.desktop:/callback',
    apiBaseUrl: 'https://api.example.test',
    ...overrides,
  });
}

/** Every HTTP request the core makes, so tests can assert that none (or which) were made. */
export interface RecordedRequest {
  readonly url: string;
  readonly method: string;
  readonly body: string;
}

/**
 * A ProviderClient whose metadata comes from a cache (no discovery) and whose HTTP goes to
 * `answer`, which by default fails the test loudly.
 */
export function offlineProvider(
  config: AppConfig,
  answer: (request: RecordedRequest) => Response | Promise<Response> = () => {
    throw new Error('unexpected HTTP request');
  },
): { provider: ProviderClient; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const provider = new ProviderClient(config, {
    savedMetadata: savedOfflineMetadata(config),
    fetch: async (url, options) => {
      const body =
        typeof options.body === 'string' || options.body instanceof URLSearchParams ? options.body : '';
      const request = { url, method: options.method, body: body.toString() };
      requests.push(request);
      return answer(request);
    },
  });
  return { provider, requests };
}

/**
 * The offline provider's metadata as the app would have saved it after a first start: in the
 * cache, with its digest in a keychain of its own (reads wait until both are written).
 */
export function savedOfflineMetadata(config: AppConfig) {
  const cache = memoryMetadataCache();
  const keychain = new MemorySecretStore();
  const saved = new SavedMetadata(cache, keychain, config).save(OFFLINE_METADATA);
  return {
    cache: { read: () => saved.then(() => cache.read()), write: (text: string) => cache.write(text) },
    keychain: {
      get: (account: string) => saved.then(() => keychain.get(account)),
      set: (account: string, secret: string) => keychain.set(account, secret),
      delete: (account: string) => keychain.delete(account),
    },
  };
}

/**
 * A session composed as the app composes it (`composeSession`), against the offline provider: the
 * metadata saved and vouched for in an in-memory keychain as after a first start, the browser
 * step recorded at the OS's `openExternal`, and every HTTP request answered by `answer`.
 */
export async function offlineSession(
  config: AppConfig,
  options: {
    readonly answer?: (request: RecordedRequest) => Response | Promise<Response>;
    readonly clock?: ManualClock;
    /** What the provider's saved metadata says, when not {@link OFFLINE_METADATA}. */
    readonly metadata?: ServerMetadata;
  } = {},
) {
  const secrets = new MemorySecretStore();
  const metadataCache = memoryMetadataCache();
  const clock = options.clock ?? new ManualClock();
  await new SavedMetadata(metadataCache, secrets, config, clock.now).save(
    options.metadata ?? OFFLINE_METADATA,
  );
  const requests: RecordedRequest[] = [];
  const answer =
    options.answer ??
    (() => {
      throw new Error('unexpected HTTP request');
    });
  const { session, provider, browser } = composeTestSession({
    config,
    secrets,
    metadataCache,
    fetch: async (url, init) => {
      const body = typeof init.body === 'string' || init.body instanceof URLSearchParams ? init.body : '';
      const request = { url, method: init.method, body: body.toString() };
      requests.push(request);
      return answer(request);
    },
    clock: clock.now,
    schedule: clock.schedule,
  });
  return { session, provider, secrets, browser, requests, clock };
}
