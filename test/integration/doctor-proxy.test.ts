import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigFields } from '../../demo/app-config.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import { createEnvProxyFetch } from '../../electron/adapters/env-proxy-fetch.js';
import type { DoctorCheck, DoctorReport } from '../../electron/doctor/doctor-report.js';
import { runProviderDoctor } from '../../electron/doctor/run-provider-doctor.js';
import { demoConfig } from '../support/demo-session.js';
import { startHttpsDemo } from '../support/https-demo.js';
import { type RunningProxy, startHttpProxy } from '../support/http-proxy.js';

/**
 * `npm run doctor` behind a proxy: a real CONNECT proxy on loopback (test/support/http-proxy.ts),
 * the real demo over http and over https with the run's CA, and the doctor both in this process
 * (the tools' fetch built from an environment the test writes) and as the CLI a user runs, in a
 * child process whose environment is exactly what each case says.
 */
let demo: RunningDemo;
let proxy: RunningProxy;
let lockedProxy: RunningProxy;
let work: string;
const credentials = { username: 'proxy-user', password: 's3cret p@ss' };
/** The credentials as they go in a proxy URL (percent-encoded). */
const userinfo = `${credentials.username}:${encodeURIComponent(credentials.password)}`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'doctor-proxy-'));
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  proxy = await startHttpProxy();
  lockedProxy = await startHttpProxy({ credentials });
});

afterAll(async () => {
  await lockedProxy?.close();
  await proxy?.close();
  await demo?.close();
  rmSync(work, { recursive: true, force: true });
});

const hostOf = (url: string): string => new URL(url).host;

/** The doctor in this process, with the tools' fetch for `env`; the proxy's new targets too. */
async function doctorWith(env: Record<string, string>, target = demo, via = proxy) {
  const network = createEnvProxyFetch(env);
  const before = via.targets.length;
  try {
    const report = await runProviderDoctor(demoConfig(target), { fetch: network.fetch });
    return { report, tunnelled: via.targets.slice(before) };
  } finally {
    await network.close();
  }
}

function check(report: DoctorReport, id: string): DoctorCheck | undefined {
  return report.checks.find((each) => each.id === id);
}

describe('the provider doctor through a proxy', () => {
  it('passes every check with HTTP_PROXY, and every request went through the proxy', async () => {
    const { report, tunnelled } = await doctorWith({ HTTP_PROXY: proxy.url });
    expect(report.checks.filter((each) => each.status === 'fail')).toEqual([]);
    expect(report.ok).toBe(true);
    // Discovery, the authorization probes and the API probe: all tunnelled, to the demo only.
    expect(tunnelled.length).toBeGreaterThanOrEqual(2);
    expect(new Set(tunnelled)).toEqual(new Set([hostOf(demo.issuer), hostOf(demo.apiUrl)]));
  });

  it('with NO_PROXY=127.0.0.1 goes directly: the proxy sees nothing', async () => {
    const { report, tunnelled } = await doctorWith({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    expect(report.ok).toBe(true);
    expect(tunnelled).toEqual([]);
  });

  it('does not send plain http through HTTPS_PROXY (that is for https only)', async () => {
    const { report, tunnelled } = await doctorWith({ HTTPS_PROXY: proxy.url });
    expect(report.ok).toBe(true);
    expect(tunnelled).toEqual([]);
  });

  it('passes through a proxy that demands credentials when the URL carries them', async () => {
    const { report, tunnelled } = await doctorWith(
      { http_proxy: `http://${userinfo}@127.0.0.1:${lockedProxy.port}` },
      demo,
      lockedProxy,
    );
    expect(report.ok).toBe(true);
    expect(tunnelled).toContain(hostOf(demo.issuer));
  });

  it('names the proxy and the fix when it demands credentials and got none (407)', async () => {
    const { report } = await doctorWith({ HTTP_PROXY: lockedProxy.url }, demo, lockedProxy);
    expect(report.ok).toBe(false);
    expect(check(report, 'proxy')).toEqual({
      id: 'proxy',
      title: 'Proxy',
      status: 'fail',
      detail: `The proxy at 127.0.0.1:${lockedProxy.port} (HTTP_PROXY) requires authentication (HTTP 407).`,
      fix:
        `The proxy at 127.0.0.1:${lockedProxy.port} refused the connection: it requires authentication ` +
        '(HTTP 407). Put the credentials in HTTP_PROXY (http://user:password@host:port) or ask your IT department.',
    });
    // The rows it blocks point at it; the API probe, made on its own, says the same.
    expect(check(report, 'metadata')?.fix).toContain('until the proxy lets the request through');
    expect(check(report, 'api')).toMatchObject({ status: 'fail' });
    expect(check(report, 'api')?.fix).toContain('requires authentication (HTTP 407)');
  });

  it('says the credentials were refused when they are wrong', async () => {
    const { report } = await doctorWith(
      { HTTP_PROXY: `http://${credentials.username}:wrong@127.0.0.1:${lockedProxy.port}` },
      demo,
      lockedProxy,
    );
    expect(check(report, 'proxy')?.fix).toMatch(
      new RegExp(
        `^The proxy at 127\\.0\\.0\\.1:${lockedProxy.port} refused the credentials in HTTP_PROXY \\(HTTP 407\\)`,
      ),
    );
    expect(JSON.stringify(report)).not.toContain('wrong');
  });

  it('names a proxy that is not running', async () => {
    const port = await closedPort();
    const { report } = await doctorWith({ HTTP_PROXY: `http://127.0.0.1:${port}` });
    expect(check(report, 'proxy')?.fix).toBe(
      `The proxy at 127.0.0.1:${port} could not be reached (ECONNREFUSED). Check the host and port in ` +
        'HTTP_PROXY, and that the proxy is running.',
    );
  });

  it('goes through HTTPS_PROXY to the https demo, trusting the CA from NODE_EXTRA_CA_CERTS', async () => {
    expect(process.env['NODE_EXTRA_CA_CERTS']).toBeTruthy();
    const https = await startHttpsDemo();
    try {
      const { report, tunnelled } = await doctorWith({ HTTPS_PROXY: proxy.url }, https);
      expect(report.checks.filter((each) => each.status === 'fail')).toEqual([]);
      expect(new Set(tunnelled)).toEqual(new Set([hostOf(https.issuer), hostOf(https.apiUrl)]));
    } finally {
      await https.close();
    }
  });
});

describe("the tools' fetch through a proxy", () => {
  it('hands back a global Response (what the core and openid-client recognise), body and headers intact', async () => {
    const network = createEnvProxyFetch({ HTTP_PROXY: proxy.url });
    try {
      const url = `${demo.issuer}/.well-known/openid-configuration`;
      const response = await network.fetch(url, {
        method: 'GET',
        headers: {},
        body: undefined,
        redirect: 'manual',
      });
      expect(response).toBeInstanceOf(Response);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await response.json()) as { issuer: string }).issuer).toBe(demo.issuer);
      const missing = await network.fetch(`${demo.issuer}/nowhere`, {
        method: 'GET',
        headers: {},
        body: undefined,
        redirect: 'manual',
      });
      expect(missing).toBeInstanceOf(Response);
      expect(missing.status).toBe(404);
    } finally {
      await network.close();
    }
  });

  it('is plain Node fetch, with no settings, when no proxy variable is set', () => {
    expect(createEnvProxyFetch({ NO_PROXY: '127.0.0.1' }).settings).toBeUndefined();
  });
});

/** A port that was free a moment ago and has nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface CliRun {
  readonly code: number | string | null | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** Proxy variables of the machine running the tests must not leak into a case. */
const PROXY_VARIABLES = /^(https?_proxy|no_proxy|all_proxy)$/i;

/** `tsx scripts/doctor.ts --config FILE` with this process's environment minus proxies, plus `env`. */
function runDoctorCli(configPath: string, env: Record<string, string | undefined>): Promise<CliRun> {
  const base: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || PROXY_VARIABLES.test(name)) continue;
    if (name.startsWith('OAUTH_') || name === 'APP_CONFIG') continue;
    base[name] = value;
  }
  const merged = Object.fromEntries(
    Object.entries({ ...base, ...env }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/doctor.ts', '--config', configPath],
      { env: merged, timeout: 30_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : (error.code ?? error.signal), stdout, stderr }),
    );
  });
}

function writeConfig(target: RunningDemo, name: string): string {
  const path = join(work, `${name}.json`);
  writeFileSync(path, JSON.stringify(demoConfigFields(target)));
  return path;
}

describe('npm run doctor as a command behind a proxy', () => {
  it('says which proxy it uses, with the credentials masked, and passes through it', async () => {
    const before = lockedProxy.targets.length;
    const run = await runDoctorCli(writeConfig(demo, 'http'), {
      HTTP_PROXY: `http://${userinfo}@127.0.0.1:${lockedProxy.port}`,
      NO_PROXY: 'example.com',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      `Using the proxy http://***:***@127.0.0.1:${lockedProxy.port} from HTTP_PROXY (NO_PROXY: example.com).`,
    );
    const output = run.stdout + run.stderr;
    expect(output).not.toContain(credentials.username);
    expect(output).not.toContain(encodeURIComponent(credentials.password));
    expect(lockedProxy.targets.slice(before)).toContain(hostOf(demo.issuer));
  });

  it('prints nothing about proxies when no proxy variable is set', async () => {
    const run = await runDoctorCli(writeConfig(demo, 'direct'), {});
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(/proxy/i);
  });

  it('exits 1 with the proxy row and its fix when the proxy wants credentials', async () => {
    const run = await runDoctorCli(writeConfig(demo, 'locked'), {
      https_proxy: lockedProxy.url,
      HTTP_PROXY: lockedProxy.url,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Proxy +fail \(1\) +The proxy at 127\.0\.0\.1:\d+ \(HTTP_PROXY\) requires/m);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(
      `The proxy at 127.0.0.1:${lockedProxy.port} refused the connection: it requires authentication (HTTP 407). ` +
        'Put the credentials in HTTP_PROXY (http://user:password@host:port) or ask your IT department.',
    );
  });

  it('refuses a proxy variable that is no proxy URL, before any request (exit 2)', async () => {
    const run = await runDoctorCli(writeConfig(demo, 'bad-proxy'), {
      HTTPS_PROXY: 'socks4://127.0.0.1:1080',
    });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'HTTPS_PROXY is not a proxy address: expected http://host:port (or http://user:password@host:port).',
    );
  });

  describe('to the https demo', () => {
    let https: RunningDemo;
    beforeAll(async () => {
      https = await startHttpsDemo();
    });
    afterAll(async () => {
      await https?.close();
    });

    it('passes with the organisation CA in NODE_EXTRA_CA_CERTS', async () => {
      const before = proxy.targets.length;
      const run = await runDoctorCli(writeConfig(https, 'https'), { HTTPS_PROXY: proxy.url });
      expect(run.code, run.stdout).toBe(0);
      expect(run.stdout.split('\n')[0]).toBe(
        `Using the proxy ${proxy.url} from HTTPS_PROXY for https requests; plain http requests go directly (NO_PROXY: not set).`,
      );
      expect(new Set(proxy.targets.slice(before))).toEqual(
        new Set([hostOf(https.issuer), hostOf(https.apiUrl)]),
      );
    });

    it('without NODE_EXTRA_CA_CERTS fails on the certificate, naming the host and the variable', async () => {
      const run = await runDoctorCli(writeConfig(https, 'https-untrusted'), {
        HTTPS_PROXY: proxy.url,
        NODE_EXTRA_CA_CERTS: undefined,
      });
      expect(run.code).toBe(1);
      const text = run.stdout.replace(/\s+/g, ' ');
      expect(run.stdout).toMatch(/^TLS certificate +fail \(1\)/m);
      expect(text).toContain(
        `The certificate of ${hostOf(https.issuer)} is not trusted by this computer (self-signed certificate in certificate chain).`,
      );
      expect(text).toContain('set NODE_EXTRA_CA_CERTS to its CA certificate');
    });
  });
});
