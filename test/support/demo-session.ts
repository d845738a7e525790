import { createKeytarSecretStore } from '../../electron/adapters/keytar-secret-store.js';
import type { AppConfig } from '../../electron/auth/config/config.js';
import { nodeFetch } from '../../electron/auth/provider/provider-client.js';
import type { Session } from '../../electron/auth/session.js';
import { createIpcHandlers } from '../../electron/main/ipc-handlers.js';
import type { HttpFetch, MetadataCache, SecretStore } from '../../electron/auth/ports.js';
import { memoryMetadataCache } from './fakes.js';
import { composeTestSession } from './test-session.js';
import { secretsReceived, secretsSent } from '../../harness/secrets-in-transit.js';

/** One HTTP request the core made to the provider. */
export interface SeenRequest {
  readonly url: URL;
  readonly body: URLSearchParams;
}

/** openid-client's fetch seam, answered by the real network: the app's own default. */
export { nodeFetch as networkFetch } from '../../electron/auth/provider/provider-client.js';
/** The app's configuration for a demo run (it lives with the demo, which the bench drives too). */
export { demoConfig } from '../../demo/app-config.js';

/**
 * A Session wired as the app wires it, against the real demo provider and the real keychain, with
 * the provider's HTTP recorded through openid-client's fetch seam.
 */
export function demoSession(
  config: AppConfig,
  options: {
    metadataCache?: MetadataCache;
    secrets?: SecretStore;
    clock?: () => number;
    fetch?: HttpFetch;
  } = {},
) {
  const seen: SeenRequest[] = [];
  const fetchImpl = options.fetch ?? nodeFetch;
  const secrets = options.secrets ?? createKeytarSecretStore(config.keychainService);
  const { session, provider, browser } = composeTestSession({
    config,
    secrets,
    metadataCache: options.metadataCache ?? memoryMetadataCache(),
    fetch: (url, init) => {
      const body = typeof init.body === 'string' || init.body instanceof URLSearchParams ? init.body : '';
      seen.push({ url: new URL(url), body: new URLSearchParams(body) });
      return fetchImpl(url, init);
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const tokenRequests = () => seen.filter(({ url }) => url.pathname.endsWith('/token'));
  return { session, provider, secrets, browser, seen, tokenRequests };
}

/**
 * The renderer's "Call API" as main answers it: the app's own `api:request` IPC handler for this
 * session, which calls the session's configured API (the issuer is for the app info the handlers
 * also serve). Faults and recordings go through the session's fetch seam, as all of main's HTTP.
 */
export function apiRequestHandler(session: Session, issuer: string) {
  return createIpcHandlers({
    session,
    info: () => ({
      version: 'test',
      issuer,
      redirectMode: 'scheme',
      schemeRegistered: true,
      apiRequest: { method: 'GET', path: '/appointments' },
      apiActions: [],
    }),
  })['api:request'];
}

/**
 * The real network behind the provider seam, adding to `secrets` every code, verifier, token,
 * client secret and request_uri that crosses it, so a test can assert none of them surfaces in
 * logs or output.
 */
export function recordingSecrets(secrets: Set<string>): HttpFetch {
  return async (url, init) => {
    for (const secret of secretsSent(init.body)) secrets.add(secret);
    const response = await nodeFetch(url, init);
    for (const secret of await secretsReceived(response)) secrets.add(secret);
    return response;
  };
}
