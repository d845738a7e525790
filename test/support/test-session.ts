import type { Clock, HttpFetch, MetadataCache, Schedule, SecretStore } from '../../electron/auth/ports.js';
import type { AppConfig } from '../../electron/auth/config/config.js';
import { composeSession } from '../../electron/main/compose-session.js';
import { RecordingBrowser } from './fakes.js';

/**
 * The app's own composition as a test uses it: the OS's side of the system browser is recorded
 * (the app's launcher, with its endpoint guard, hands it the URL, and the test plays the browser),
 * the private-use scheme counts as registered, and everything else is what the caller passes.
 */
export function composeTestSession(parts: {
  readonly config: AppConfig;
  readonly secrets: SecretStore;
  readonly metadataCache: MetadataCache;
  readonly fetch: HttpFetch;
  readonly clock?: Clock;
  readonly schedule?: Schedule;
}) {
  const browser = new RecordingBrowser();
  const composed = composeSession({
    ...parts,
    appName: 'Test',
    openExternal: (url) => browser.open(new URL(url)),
    isSchemeRegistered: () => true,
  });
  return { ...composed, browser };
}
