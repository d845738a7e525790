import type { HttpFetch } from '../../electron/auth/ports.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import { createKeytarSecretStore } from '../../electron/adapters/keytar-secret-store.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { demoConfig, demoSession, networkFetch } from '../support/demo-session.js';
import { keychainAccounts } from '../../electron/auth/tokens/refresh-token-vault.js';

type Fault = 'none' | '500' | 'timeout' | 'malformed-json' | 'invalid_grant';

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
});
afterAll(async () => {
  await demo.close();
});

/**
 * The real provider behind openid-client's fetch seam, with the token endpoint's answer replaced
 * on demand by the faults real servers produce.
 */
function faultyFetch(fault: () => Fault): HttpFetch {
  return async (url, init) => {
    if (!url.endsWith('/token') || fault() === 'none') return networkFetch(url, init);
    switch (fault()) {
      case '500':
        return new Response('<html>Internal Server Error</html>', {
          status: 500,
          headers: { 'content-type': 'text/html' },
        });
      case 'malformed-json':
        return new Response('{"access_token": "abc", "token_type": ', {
          headers: { 'content-type': 'application/json' },
        });
      case 'invalid_grant':
        return Response.json(
          { error: 'invalid_grant', error_description: 'grant request is invalid' },
          { status: 400 },
        );
      default:
        return new Promise<Response>((_resolve, reject) =>
          init.signal?.addEventListener('abort', () =>
            reject(init.signal?.reason instanceof Error ? init.signal.reason : new Error('aborted')),
          ),
        );
    }
  };
}

describe('refresh faults against the real provider (fetch seam) and the real keychain', () => {
  it.each([
    ['500', 'provider_unreachable', 'signed-in', true],
    ['timeout', 'provider_unreachable', 'signed-in', true],
    ['malformed-json', 'provider_error', 'signed-in', true],
    ['invalid_grant', 'session_expired', 'signed-out', false],
  ] as const)('token endpoint %s → %s, %s, stored token kept: %s', async (kind, code, state, kept) => {
    let fault: Fault = 'none';
    const config = demoConfig(demo, { httpTimeoutSeconds: 1 });
    const keychain = createKeytarSecretStore(config.keychainService);
    const account = keychainAccounts(config.issuer, config.clientId).refreshToken;
    const app = demoSession(config, { fetch: faultyFetch(() => fault) });
    await app.session.signIn();
    expect(await app.session.handleRedirect(await completeLoginOverHttp(app.browser.last.href))).toBe(
      'completed',
    );
    const stored = await keychain.get(account);

    fault = kind;
    await expect(app.session.accessToken({ forceRefresh: true })).rejects.toMatchObject({ code });
    expect(app.session.view()).toMatchObject({ state, error: { code } });
    expect(await keychain.get(account)).toBe(kept ? stored : undefined);

    if (kept) {
      // When the provider recovers, the kept session refreshes normally.
      fault = 'none';
      await expect(app.session.accessToken({ forceRefresh: true })).resolves.toMatch(/\S+/);
      expect(app.session.view()).not.toHaveProperty('error');
    }
    await app.session.signOut();
  });
});
