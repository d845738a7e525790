import { randomUUID } from 'node:crypto';
import { type AppConfig, validateConfig } from '../electron/auth/config/config.js';
import { DEMO_CLIENT_ID, DEMO_REDIRECT_URI } from './demo-constants.js';
import type { RunningDemo } from './start-demo.js';

/**
 * The app's configuration file for a running demo, as a user would write it (raw JSON fields), with
 * a keychain service of its own so that runs (tests, benchmarks) never read each other's sessions.
 */
export function demoConfigFields(
  demo: RunningDemo,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    issuer: demo.issuer,
    clientId: DEMO_CLIENT_ID,
    redirectUri: DEMO_REDIRECT_URI,
    scopes: 'openid profile email offline_access appointments:read',
    // oidc-provider honours offline_access only with prompt=consent (OIDC Core §11).
    authorizationParams: { prompt: 'consent' },
    apiBaseUrl: demo.apiUrl,
    keychainService: `com.example.desktop.test-${randomUUID()}`,
    ...overrides,
  };
}

/** The same configuration, validated as the app validates its file. */
export function demoConfig(demo: RunningDemo, overrides: Record<string, unknown> = {}): AppConfig {
  return validateConfig(demoConfigFields(demo, overrides));
}
