import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { DemoTls } from '../../demo/loopback-server.js';
import { type RunningDemo, type StartDemoOptions, startDemo } from '../../demo/start-demo.js';

/** The server certificate from the run's trusted CA (see trusted-test-ca.ts). */
export function trustedServerTls(): DemoTls {
  const { key, cert } = inject('trustedTestTls');
  return { key, cert };
}

/** The demo provider and API over https on ephemeral ports, with a certificate this run trusts. */
export function startHttpsDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  return startDemo({ providerPort: 0, apiPort: 0, ...options, tls: trustedServerTls() });
}

/**
 * A Chromium that accepts the run's server certificate, for whatever launches Chromium from
 * `CHROMIUM_PATH` (smoke/chromium.ts): a wrapper that adds `--ignore-certificate-errors-spki-list`
 * with that one key's hash. Chromium still verifies every other certificate; only a chain holding
 * this key is accepted (it honours the flag only with a `--user-data-dir`, which Playwright sets).
 */
export function chromiumTrustingTestCa(): string {
  const { dir, spkiSha256 } = inject('trustedTestTls');
  const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  const wrapper = join(dir, 'chromium-trusting-test-ca');
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec '${chromium}' '--ignore-certificate-errors-spki-list=${spkiSha256}' "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  return wrapper;
}
