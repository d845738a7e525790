import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigFields } from '../../demo/app-config.js';
import type { RunningDemo } from '../../demo/start-demo.js';
import type { SmokeReport } from '../../smoke/smoke-report.js';
import { chromiumTrustingTestCa, startHttpsDemo } from '../support/https-demo.js';
import { PROBE_ACTIVE, PROBE_CALLED } from '../support/insecure-requests-probe-hooks.js';

/**
 * `npm run smoke` as a user runs it, in its own process, against the demo over https: the process
 * trusts the run's CA through NODE_EXTRA_CA_CERTS (inherited, see trusted-test-ca.ts) and Chromium
 * accepts only that server key (`--ignore-certificate-errors-spki-list`, through CHROMIUM_PATH).
 * A module hook reports any call of openid-client's allowInsecureRequests; there must be none.
 */
const PROBE = pathToFileURL(join(import.meta.dirname, '../support/insecure-requests-probe.js')).href;

let demo: RunningDemo;
let dir: string;

beforeAll(async () => {
  demo = await startHttpsDemo();
  dir = await mkdtemp(join(tmpdir(), 'smoke-https-'));
});

afterAll(async () => {
  await demo.close();
  await rm(dir, { recursive: true, force: true });
});

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A configuration file for the https demo, as a user would write one for a hosted provider. */
async function writeConfig(): Promise<string> {
  const path = join(dir, `app.config-${randomUUID()}.json`);
  await writeFile(path, JSON.stringify(demoConfigFields(demo, { dpop: true })));
  return path;
}

const SMOKE = ['tsx', 'scripts/smoke.ts', '--login', 'config/smoke/demo-login.json'];

describe('npm run smoke over https', () => {
  it('passes every step, and never calls allowInsecureRequests', async () => {
    const configPath = await writeConfig();
    const jsonPath = join(dir, 'smoke.json');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CHROMIUM_PATH: chromiumTrustingTestCa(),
      NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --import=${PROBE}`.trim(),
    };
    expect(env['NODE_EXTRA_CA_CERTS']).toBeTruthy();
    const args = [
      'tsx',
      'scripts/smoke.ts',
      '--config',
      configPath,
      '--login',
      'config/smoke/demo-login.json',
    ];
    const { code, stdout, stderr } = await run('npx', [...args, '--json', jsonPath], env);

    const report = JSON.parse(await readFile(jsonPath, 'utf8')) as SmokeReport;
    // Every step but the step-up, which does not apply: no configured request asks for one.
    expect(report.steps.filter((step) => step.status !== 'ok').map((step) => step.name)).toEqual(['step-up']);
    expect(report.steps).toHaveLength(10);
    expect(report.ok).toBe(true);
    expect(report.provider).toEqual({ iss: true, par: true, rotation: true, revocation: true, stepUp: null });
    expect(code).toBe(0);
    expect(stdout).toContain(`Smoke test of ${demo.issuer}`);
    expect(stdout).not.toContain('Started the bundled demo');
    expect(stderr).toContain(PROBE_ACTIVE);
    expect(stderr).not.toContain(PROBE_CALLED);
  }, 90_000);

  it('in a process that does not trust the CA, fails at the first step naming the certificate', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['NODE_EXTRA_CA_CERTS'];
    const jsonPath = join(dir, 'untrusted.json');
    const { code } = await run('npx', [...SMOKE, '--config', await writeConfig(), '--json', jsonPath], env);
    expect(code).toBe(1);
    const [metadata, ...rest] = (JSON.parse(await readFile(jsonPath, 'utf8')) as SmokeReport).steps;
    expect(metadata).toMatchObject({
      name: 'provider metadata',
      status: 'fail',
      code: 'provider_unreachable',
    });
    expect(metadata?.message).toContain(
      `The certificate of ${new URL(demo.issuer).host} is not trusted by this computer ` +
        '(self-signed certificate in certificate chain).',
    );
    expect(metadata?.fix).toContain('NODE_EXTRA_CA_CERTS');
    expect(rest.every((step) => step.status === 'n/a')).toBe(true);
  }, 60_000);

  it('the probe does see a call', async () => {
    const script =
      "import('openid-client').then((oidc) => oidc.allowInsecureRequests(new oidc.Configuration({ issuer: 'http://127.0.0.1' }, 'client')))";
    const { code, stderr } = await run(process.execPath, [`--import=${PROBE}`, '-e', script], process.env);
    expect(code).toBe(0);
    expect(stderr).toContain(PROBE_CALLED);
  });
});
