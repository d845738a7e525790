import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startDemoApi } from '../../demo/api.js';
import type { DemoTls } from '../../demo/loopback-server.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import { runProviderDoctor } from '../../electron/doctor/run-provider-doctor.js';
import { apiRequestHandler, demoConfig, demoSession } from '../support/demo-session.js';
import { startHttpsDemo } from '../support/https-demo.js';
import { keychainEntry, signInOverHttp } from '../support/session-lifecycle.js';
import {
  createTestCa,
  issueServerCertificate,
  selfSignedCertificate,
  type TestCa,
} from '../support/test-ca.js';

/**
 * Certificates this computer must not accept: the run trusts one CA (NODE_EXTRA_CA_CERTS, see
 * trusted-test-ca.ts); these come from another CA, from none, or name another host. Each is
 * refused (verification is never turned off) with a message that names the TLS problem and the
 * host, never "could not be reached".
 */
let dir: string;
let unknownCa: TestCa;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tls-untrusted-'));
  unknownCa = createTestCa(dir, 'unknown');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withDemo<T>(tls: DemoTls, use: (demo: RunningDemo) => Promise<T>): Promise<T> {
  const demo = await startDemo({ providerPort: 0, apiPort: 0, tls });
  try {
    return await use(demo);
  } finally {
    await demo.close();
  }
}

const hostOf = (url: string) => new URL(url).host;

describe('a provider whose certificate this computer does not accept', () => {
  const cases: ReadonlyArray<{ name: string; tls: () => DemoTls; says: RegExp }> = [
    {
      // What a TLS-inspecting proxy with its own root looks like.
      name: 'from an unknown CA that sends its root',
      tls: () => issueServerCertificate(unknownCa, 'with-root', { sendCa: true }),
      says: /is not trusted by this computer \(self-signed certificate in certificate chain\)/,
    },
    {
      name: 'from an unknown CA, leaf only',
      tls: () => issueServerCertificate(unknownCa, 'leaf-only'),
      says: /is not trusted by this computer \(unable to verify the first certificate\)/,
    },
    {
      name: 'self-signed',
      tls: () => selfSignedCertificate(dir, 'self-signed'),
      says: /is not trusted by this computer \(self-signed certificate\)/,
    },
    {
      name: 'from the trusted CA but for another host',
      tls: () =>
        issueServerCertificate(inject('trustedTestTls').ca, 'other-host', { hosts: ['DNS:localhost'] }),
      says: /was issued for another host \(host name not among the certificate's names\)/,
    },
  ];

  it.each(cases)('refuses a certificate $name, naming the problem', async ({ tls, says }) => {
    await withDemo(tls(), async (demo) => {
      const app = demoSession(demoConfig(demo));
      const view = await app.session.signIn();
      expect(view).toMatchObject({ state: 'signed-out', error: { code: 'provider_unreachable' } });
      const message = view.state === 'signed-out' ? (view.error?.message ?? '') : '';
      expect(message).toMatch(says);
      expect(message.startsWith(`The certificate of ${hostOf(demo.issuer)} `)).toBe(true);
      expect(message).not.toMatch(/could not be reached|unexpected/i);
      expect(app.browser.opened).toEqual([]);
    });
  });

  it('tells how to trust an organisation CA', async () => {
    await withDemo(issueServerCertificate(unknownCa, 'fix', { sendCa: true }), async (demo) => {
      const view = await demoSession(demoConfig(demo)).session.signIn();
      expect(view.state === 'signed-out' && view.error?.message).toContain(
        'set NODE_EXTRA_CA_CERTS to its CA certificate',
      );
    });
  });

  it('the provider doctor names it too', async () => {
    await withDemo(issueServerCertificate(unknownCa, 'doctor', { sendCa: true }), async (demo) => {
      const report = await runProviderDoctor(demoConfig(demo));
      // A row of its own, naming the host; the metadata row it blocks points at it.
      const tls = report.checks.find((check) => check.id === 'tls');
      expect(tls).toMatchObject({ title: 'TLS certificate', status: 'fail' });
      expect(tls?.fix).toContain(
        `The certificate of ${hostOf(demo.issuer)} is not trusted by this computer (self-signed certificate in certificate chain)`,
      );
      const metadata = report.checks.find((check) => check.id === 'metadata');
      expect(metadata).toMatchObject({ status: 'fail' });
      expect(metadata?.fix).toContain('see "TLS certificate"');
    });
  });
});

describe('an API whose certificate this computer does not accept', () => {
  it('answers the API call with the TLS problem, after a sign-in over trusted https', async () => {
    const demo = await startHttpsDemo();
    const untrusted = await startDemoApi({
      issuer: demo.issuer,
      port: 0,
      tls: issueServerCertificate(unknownCa, 'api', { sendCa: true }),
    });
    const config = demoConfig(demo, { apiBaseUrl: untrusted.url });
    try {
      const app = demoSession(config);
      expect((await signInOverHttp(app)).outcome).toBe('completed');
      const request = apiRequestHandler(app.session, demo.issuer);
      const result = await request({ method: 'GET', path: '/appointments' });
      expect(result).toMatchObject({ ok: false, error: { code: 'api_unreachable' } });
      expect(!result.ok && result.error.message).toContain(
        `The certificate of the API at ${hostOf(untrusted.url)} is not trusted by this computer ` +
          '(self-signed certificate in certificate chain).',
      );
      await app.session.signOut();
    } finally {
      await keychainEntry(config).delete();
      await untrusted.close();
      await demo.close();
    }
  });
});
