import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigFields } from '../../demo/app-config.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import { createEnvProxyFetch } from '../../electron/adapters/env-proxy-fetch.js';
import { parseLoginSteps } from '../../smoke/login-steps.js';
import { runSmoke } from '../../smoke/run-smoke.js';
import type { SmokeReport } from '../../smoke/smoke-report.js';
import { demoConfig } from '../support/demo-session.js';
import { type RunningProxy, startHttpProxy } from '../support/http-proxy.js';

/**
 * `npm run smoke` behind a proxy: every request of the app's own code (discovery, PAR, token,
 * refresh, revocation, the API) goes through a real CONNECT proxy on loopback; Chromium, the
 * system browser, does not (it reaches the demo's login page on loopback directly). Needs the
 * keychain: `bash scripts/with-keyring.sh npx vitest run test/integration/smoke-proxy.test.ts`.
 */
let demo: RunningDemo;
let proxy: RunningProxy;
let lockedProxy: RunningProxy;
let dir: string;
const demoSteps = parseLoginSteps(JSON.parse(readFileSync('config/smoke/demo-login.json', 'utf8')));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smoke-proxy-'));
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  proxy = await startHttpProxy();
  lockedProxy = await startHttpProxy({ credentials: { username: 'u', password: 'p' } });
});

afterAll(async () => {
  await lockedProxy?.close();
  await proxy?.close();
  await demo?.close();
  await rm(dir, { recursive: true, force: true });
});

const hostOf = (url: string): string => new URL(url).host;

async function smokeThrough(env: Record<string, string>): Promise<SmokeReport> {
  const network = createEnvProxyFetch(env);
  try {
    return await runSmoke({
      config: demoConfig(demo, { dpop: true }),
      loginSteps: demoSteps,
      redirect: 'loopback',
      loginTimeoutSeconds: 20,
      env: {},
      fetch: network.fetch,
    });
  } finally {
    await network.close();
  }
}

describe('npm run smoke through a proxy', () => {
  it('passes every step with every request of the app tunnelled through HTTP_PROXY', async () => {
    const before = proxy.targets.length;
    const report = await smokeThrough({ HTTP_PROXY: proxy.url });
    // Every step but the step-up, which does not apply: no configured request asks for one.
    expect(report.steps.filter((step) => step.status !== 'ok').map((step) => step.name)).toEqual(['step-up']);
    expect(report.ok).toBe(true);
    const tunnelled = proxy.targets.slice(before);
    expect(new Set(tunnelled)).toEqual(new Set([hostOf(demo.issuer), hostOf(demo.apiUrl)]));
  }, 60_000);

  it('fails at the first step naming the proxy and the fix when it wants credentials', async () => {
    const report = await smokeThrough({ HTTP_PROXY: lockedProxy.url });
    const [metadata, ...rest] = report.steps;
    const refused =
      `The proxy at 127.0.0.1:${lockedProxy.port} refused the connection: it requires authentication ` +
      '(HTTP 407). Put the credentials in HTTP_PROXY (http://user:password@host:port) or ask your IT department.';
    expect(metadata).toMatchObject({
      name: 'provider metadata',
      status: 'fail',
      code: 'provider_unreachable',
    });
    expect(metadata?.message).toBe(refused);
    expect(metadata?.fix).toContain(refused);
    expect(rest.every((step) => step.status === 'n/a')).toBe(true);
  }, 60_000);

  it('as the command, says which proxy it uses and passes through it', async () => {
    const configPath = join(dir, 'app.config.json');
    await writeFile(configPath, JSON.stringify(demoConfigFields(demo)));
    const jsonPath = join(dir, 'smoke.json');
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env))
      if (!/^(https?|no|all)_proxy$/i.test(name)) env[name] = value;
    // The lower-case forms, as curl and wget users write them.
    env['https_proxy'] = `http://u:p@127.0.0.1:${lockedProxy.port}`;
    env['http_proxy'] = `http://u:p@127.0.0.1:${lockedProxy.port}`;
    const before = lockedProxy.targets.length;
    const args = ['--import', 'tsx', 'scripts/smoke.ts', '--config', configPath];
    const run = await new Promise<{ code: number | string | null | undefined; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [...args, '--login', 'config/smoke/demo-login.json', '--json', jsonPath],
        { env, timeout: 60_000, killSignal: 'SIGKILL' },
        (error, stdout) => resolve({ code: error === null ? 0 : (error.code ?? error.signal), stdout }),
      );
    });
    const report = JSON.parse(await readFile(jsonPath, 'utf8')) as SmokeReport;
    // Every step but the step-up, which does not apply: no configured request asks for one.
    expect(report.steps.filter((step) => step.status !== 'ok').map((step) => step.name)).toEqual(['step-up']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      `Using the proxy http://***:***@127.0.0.1:${lockedProxy.port} from https_proxy and http_proxy (NO_PROXY: not set).`,
    );
    expect(lockedProxy.targets.slice(before)).toContain(hostOf(demo.issuer));
  }, 90_000);
});
