import { createFileMetadataCache } from '../adapters/file-metadata-cache.js';
import { loopbackRedirect } from '../adapters/loopback-redirect.js';
import { createSystemBrowser } from '../adapters/system-browser.js';
import type { AppConfig } from '../auth/config.js';
import type { Logger, SecretStore } from '../auth/ports.js';
import { type HttpFetch, ProviderClient } from '../auth/provider-client.js';
import { chooseRedirect, schemeRedirect } from '../auth/redirect-receiver.js';
import { Session } from '../auth/session.js';

export interface SessionParts {
  readonly config: AppConfig;
  readonly appName: string;
  readonly userDataDir: string;
  readonly secrets: SecretStore;
  readonly openExternal: (url: string) => Promise<void>;
  /** Whether the OS currently routes the private-use scheme to this app. */
  readonly isSchemeRegistered: () => boolean;
  readonly logger: Logger;
  readonly fetch?: HttpFetch;
}

/** The composed session, and the provider client it talks through (one discovery for both). */
export interface ComposedSession {
  readonly session: Session;
  readonly provider: ProviderClient;
}

/**
 * Build the session from its production adapters: the provider (with on-disk metadata), the
 * keychain, the system browser limited to the authorization endpoint, and the redirect chosen per
 * attempt between the private-use scheme and a loopback listener (RFC 8252 §7.1, §7.3).
 */
export function composeSession(parts: SessionParts): ComposedSession {
  const { config } = parts;
  const provider = new ProviderClient(config, {
    savedMetadata: {
      cache: createFileMetadataCache(`${parts.userDataDir}/provider-metadata.json`),
      keychain: parts.secrets,
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
    logger: parts.logger,
  });
  return { session, provider };
}
