import { join } from 'node:path';
import { createFileMetadataCache } from '../adapters/file-metadata-cache.js';
import { loopbackRedirect } from '../adapters/loopback-redirect.js';
import { createSystemBrowser } from '../adapters/system-browser.js';
import type { AppConfig } from '../auth/config/config.js';
import type { Clock, HttpFetch, Logger, MetadataCache, Schedule, SecretStore } from '../auth/ports.js';
import { ProviderClient } from '../auth/provider/provider-client.js';
import { chooseRedirect, schemeRedirect } from '../auth/redirect/redirect-receiver.js';
import { Session } from '../auth/session.js';

export interface SessionParts {
  readonly config: AppConfig;
  /** The app's name as people see it, on the loopback listener's pages. */
  readonly appName: string;
  readonly secrets: SecretStore;
  /** Electron's `shell.openExternal` (or whatever stands in for the OS in a tool or a test). */
  readonly openExternal: (url: string) => Promise<void>;
  /** Whether the OS currently routes the private-use scheme to this app. */
  readonly isSchemeRegistered: () => boolean;
  readonly logger?: Logger;
  /** The one fetch port for all HTTP from main: provider and API (tests record or fault it). */
  readonly fetch?: HttpFetch;
  /** Where saved provider metadata lives: `provider-metadata.json` in this folder… */
  readonly userDataDir?: string;
  /** …or this cache, when the caller keeps it elsewhere (a test's memory, a benchmark's run). */
  readonly metadataCache?: MetadataCache;
  readonly clock?: Clock;
  readonly schedule?: Schedule;
}

/** The composed session, and the provider client it talks through (one discovery for both). */
export interface ComposedSession {
  readonly session: Session;
  readonly provider: ProviderClient;
}

/**
 * The one place the core is wired, for the app, `npm run smoke`, `npm run bench` and the tests
 * alike; callers pass only what they replace. The provider, with metadata saved between runs and
 * vouched for by the keychain; the keychain itself; the system browser, limited to the provider's
 * authorization and end-session endpoints; and the redirect chosen per attempt between the
 * private-use scheme and a loopback listener (RFC 8252 §7.1, §7.3).
 */
export function composeSession(parts: SessionParts): ComposedSession {
  const { config } = parts;
  const provider = new ProviderClient(config, {
    savedMetadata: {
      cache: metadataCacheFor(parts),
      keychain: parts.secrets,
      ...(parts.clock ? { clock: parts.clock } : {}),
    },
    fetch: parts.fetch,
  });
  const session = new Session({
    config,
    provider,
    secrets: parts.secrets,
    browser: createSystemBrowser(parts.openExternal, async () => {
      const metadata = (await provider.get()).serverMetadata();
      return [metadata.authorization_endpoint, metadata.end_session_endpoint];
    }),
    redirect: chooseRedirect({
      mode: config.redirect,
      scheme: config.redirectUri === undefined ? undefined : schemeRedirect(config.redirectUri),
      loopback: loopbackRedirect(config.loopbackRedirectUri, parts.appName),
      isSchemeRegistered: parts.isSchemeRegistered,
    }),
    ...(parts.logger ? { logger: parts.logger } : {}),
    ...(parts.clock ? { clock: parts.clock } : {}),
    ...(parts.schedule ? { schedule: parts.schedule } : {}),
  });
  return { session, provider };
}

function metadataCacheFor(parts: SessionParts): MetadataCache {
  if (parts.metadataCache) return parts.metadataCache;
  if (parts.userDataDir === undefined) throw new Error('composeSession needs userDataDir or metadataCache');
  return createFileMetadataCache(join(parts.userDataDir, 'provider-metadata.json'));
}
