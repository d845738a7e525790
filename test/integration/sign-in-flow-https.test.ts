import * as oidc from 'openid-client';
import type * as OpenIdClient from 'openid-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningDemo } from '../../demo/start-demo.js';
import type { AppConfig } from '../../electron/auth/config/config.js';
import { ProviderClient } from '../../electron/auth/provider/provider-client.js';
import { demoConfig } from '../support/demo-session.js';
import { startHttpsDemo } from '../support/https-demo.js';
import { describeSessionLifecycle, keychainEntry } from '../support/session-lifecycle.js';

// openid-client as it is, with allowInsecureRequests watched: the core may call it only for plain
// http on loopback, so over https it must never run (RFC 8252 §8.3, RFC 9700 §2.6).
vi.mock('openid-client', async (importOriginal) => {
  const real = await importOriginal<typeof OpenIdClient>();
  return { ...real, allowInsecureRequests: vi.fn(real.allowInsecureRequests) };
});

/**
 * The hosted-provider path: the demo provider and API over https with a certificate from the
 * run's own CA, which the process trusts through NODE_EXTRA_CA_CERTS (test/support/trusted-test-ca.ts)
 * and nothing else: TLS is verified as for any provider on the internet.
 */
let demo: RunningDemo;
let config: AppConfig;

beforeAll(async () => {
  demo = await startHttpsDemo();
  config = demoConfig(demo);
});

afterAll(async () => {
  await keychainEntry(config).delete();
  await demo.close();
});

describeSessionLifecycle('sign-in, API, refresh and sign-out against the demo over https', () => ({
  demo,
  config,
}));

describe('the https path', () => {
  it('ran against https endpoints and never called allowInsecureRequests', async () => {
    expect(demo.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.apiUrl).toMatch(/^https:\/\//);
    const metadata = (await new ProviderClient(config).get()).serverMetadata();
    for (const endpoint of [metadata.token_endpoint, metadata.pushed_authorization_request_endpoint])
      expect(endpoint).toMatch(/^https:\/\//);
    expect(oidc.allowInsecureRequests).not.toHaveBeenCalled();
  });

  it('would have seen a call: a plain http loopback provider gets one', async () => {
    const http = demoConfig(demo, {
      issuer: 'http://127.0.0.1:9',
      endpoints: { authorization: 'http://127.0.0.1:9/auth', token: 'http://127.0.0.1:9/token' },
    });
    await new ProviderClient(http).get();
    expect(oidc.allowInsecureRequests).toHaveBeenCalledTimes(1);
  });
});
