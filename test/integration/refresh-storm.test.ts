import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import { createKeytarSecretStore } from '../../electron/adapters/keytar-secret-store.js';
import type { AppConfig } from '../../electron/auth/config/config.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { demoConfig, demoSession } from '../support/demo-session.js';
import { memoryMetadataCache } from '../support/fakes.js';
import { keychainAccounts } from '../../electron/auth/tokens/refresh-token-vault.js';

let demo: RunningDemo;
let config: AppConfig;

beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  config = demoConfig(demo);
});

afterAll(async () => {
  await createKeytarSecretStore(config.keychainService).delete(
    keychainAccounts(config.issuer, config.clientId).refreshToken,
  );
  await demo.close();
});

describe('refresh storm against the real provider (rotation with reuse detection) and keychain', () => {
  it('turns 500 concurrent API calls across 5 expiries into exactly 5 refreshes, none failing', async () => {
    let now = Date.now();
    const metadataCache = memoryMetadataCache();
    const app = demoSession(config, { clock: () => now, metadataCache });
    await app.session.signIn();
    expect(await app.session.handleRedirect(await completeLoginOverHttp(app.browser.last.href))).toBe(
      'completed',
    );

    const call = () => app.session.callApi({ method: 'GET', path: '/appointments' });
    const statuses: number[] = [];
    for (let expiry = 0; expiry < 5; expiry += 1) {
      now += 11 * 60_000; // past the access token's lifetime, as the app's clock sees it
      statuses.push(...(await Promise.all(Array.from({ length: 100 }, call))).map(({ status }) => status));
    }

    expect(statuses).toHaveLength(500);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const refreshes = app.tokenRequests().filter(({ body }) => body.get('grant_type') === 'refresh_token');
    expect(refreshes).toHaveLength(5);
    // Every refresh used the token the previous one issued: no reuse, so the family is alive.
    expect(new Set(refreshes.map(({ body }) => body.get('refresh_token'))).size).toBe(5);

    // The keychain holds the latest refresh token: a restart restores with it.
    const restarted = demoSession(config, { metadataCache });
    expect((await restarted.session.restore()).state).toBe('signed-in');
  });
});
