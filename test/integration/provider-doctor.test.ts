import type { HttpFetch } from '../../electron/auth/ports.js';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import type { DoctorCheck, DoctorReport } from '../../electron/doctor/doctor-report.js';
import { formatDoctorTable } from '../../electron/doctor/format-doctor-table.js';
import { runProviderDoctor } from '../../electron/doctor/run-provider-doctor.js';
import { demoConfig, networkFetch } from '../support/demo-session.js';

let demo: RunningDemo;
let closedPort: number;

beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  closedPort = await freePort();
});

afterAll(async () => {
  await demo?.close();
});

/** A port that was free a moment ago and has nothing listening on it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function byId(report: DoctorReport, id: string): DoctorCheck {
  const check = report.checks.find((candidate) => candidate.id === id);
  if (!check) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(', ')}`);
  return check;
}

/** A check's status, and its fix or detail matched against a pattern. */
function expectCheck(
  check: DoctorCheck,
  status: DoctorCheck['status'],
  field: 'fix' | 'detail',
  pattern: RegExp | string,
): void {
  expect(check.status).toBe(status);
  if (typeof pattern === 'string') expect(check[field]).toContain(pattern);
  else expect(check[field]).toMatch(pattern);
}

function statuses(report: DoctorReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
}

/** Nothing the doctor prints may carry a query string, a state or a PKCE challenge. */
function expectNothingSecret(text: string): void {
  expect(text).not.toMatch(/code_challenge|state=|request_uri=|client_id=/);
  expect(text).not.toMatch(/https?:\/\/\S*\?/);
  expect(text).not.toMatch(/[a-z.]+:\/\S*\?/i);
}

describe('provider doctor against the demo provider', () => {
  it('finds nothing wrong with the demo configuration, both redirect URIs included', async () => {
    const report = await runProviderDoctor(demoConfig(demo));
    expect(report.ok).toBe(true);
    expect(statuses(report)).toEqual({
      metadata: 'ok',
      issuer: 'ok',
      pkce: 'ok',
      'client-auth': 'ok',
      scopes: 'ok',
      'refresh-token': 'ok',
      'redirect-scheme': 'ok',
      'redirect-loopback': 'ok',
      par: 'ok',
      'iss-parameter': 'ok',
      dpop: 'ok',
      revocation: 'ok',
      'end-session': 'n/a',
      api: 'ok',
      'resource-metadata': 'ok',
    });
    expect(byId(report, 'par').detail).toMatch(/Offered/);
    expect(byId(report, 'redirect-loopback').detail).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback /);
    expectNothingSecret(formatDoctorTable(report));
  });

  it('fails the redirect checks with a fix naming a client id the provider does not know', async () => {
    const report = await runProviderDoctor(demoConfig(demo, { clientId: 'no-such-client' }));
    expect(report.ok).toBe(false);
    for (const id of ['redirect-scheme', 'redirect-loopback']) {
      const check = byId(report, id);
      expect(check.status).toBe('fail');
      expect(check.detail).toMatch(/invalid_client/);
      expect(check.fix).toContain('"no-such-client"');
    }
  });

  it('fails an unregistered redirect URI with a fix naming that exact URI', async () => {
    const config = demoConfig(demo, { redirect: 'scheme', redirectUri: 'com.example.other:/callback' });
    const report = await runProviderDoctor(config);
    const check = byId(report, 'redirect-scheme');
    expect(check.status).toBe('fail');
    expect(check.fix).toContain('com.example.other:/callback');
    expect(report.checks.map((c) => c.id)).not.toContain('redirect-loopback');
  });

  it('classifies the browser answer when pushed requests are off', async () => {
    const good = await runProviderDoctor(demoConfig(demo, { pushedAuthorizationRequests: 'never' }));
    expect(byId(good, 'redirect-scheme').status).toBe('ok');
    expect(byId(good, 'redirect-loopback').status).toBe('ok');
    expectCheck(byId(good, 'par'), 'warn', 'fix', /"auto"/);

    const unregistered = await runProviderDoctor(
      demoConfig(demo, {
        pushedAuthorizationRequests: 'never',
        redirect: 'loopback',
        loopbackRedirectUri: 'http://127.0.0.1/elsewhere',
      }),
    );
    const refused = byId(unregistered, 'redirect-loopback');
    expect(refused.status).toBe('fail');
    expect(refused.detail).toMatch(/HTTP 400/);
    expect(refused.fix).toContain('http://127.0.0.1/elsewhere');

    const wrongClient = await runProviderDoctor(
      demoConfig(demo, { pushedAuthorizationRequests: 'never', clientId: 'no-such-client' }),
    );
    expectCheck(byId(wrongClient, 'redirect-scheme'), 'fail', 'fix', '"no-such-client"');
  });

  it('reports an error sent back to a registered redirect URI in plain words', async () => {
    // oidc-provider redirects back with invalid_request when a parameter is malformed.
    const config = demoConfig(demo, {
      pushedAuthorizationRequests: 'never',
      redirect: 'scheme',
      authorizationParams: { prompt: 'no-such-prompt' },
    });
    const check = byId(await runProviderDoctor(config), 'redirect-scheme');
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(
      /is accepted, but sign-in fails: the request is malformed \(invalid_request\)/,
    );
    expect(check.fix).toMatch(/authorizationParams/);
  });

  it('fails an issuer with a trailing slash with its own fix', async () => {
    const report = await runProviderDoctor(demoConfig(demo, { issuer: `${demo.issuer}/` }));
    const check = byId(report, 'issuer');
    expect(check.status).toBe('fail');
    expect(check.fix).toContain(`"${demo.issuer}"`);
    expect(check.fix).toMatch(/without the trailing slash/);
    expect(byId(report, 'metadata').status).toBe('ok');
    expect(byId(report, 'pkce').status).toBe('ok');
  });

  it('compares the issuer exactly in the other direction too, and refuses a provider without S256', async () => {
    const published = `${demo.issuer}/`;
    const rewrite: HttpFetch = async (url, init) => {
      const response = await networkFetch(url, init);
      if (!new URL(url).pathname.endsWith('/.well-known/openid-configuration')) return response;
      const document = (await response.json()) as Record<string, unknown>;
      return Response.json({ ...document, issuer: published, code_challenge_methods_supported: ['plain'] });
    };
    const report = await runProviderDoctor(demoConfig(demo), { fetch: rewrite });
    expectCheck(byId(report, 'issuer'), 'fail', 'fix', `"${published}", with the trailing slash`);
    expectCheck(byId(report, 'pkce'), 'fail', 'fix', /S256/);
    // The app will not send a request to such a provider, so the redirect URIs are not tried.
    expectCheck(byId(report, 'redirect-scheme'), 'n/a', 'detail', /S256/);
  });

  it('names the trailing slash for an issuer with a path, where URL normalisation cannot hide it', async () => {
    const configured = `${demo.issuer}/tenant`;
    const published = `${configured}/`;
    const tenant: HttpFetch = async (url, init) => {
      if (url !== `${configured}/.well-known/openid-configuration`) return networkFetch(url, init);
      const response = await networkFetch(`${demo.issuer}/.well-known/openid-configuration`, init);
      return Response.json({ ...((await response.json()) as Record<string, unknown>), issuer: published });
    };
    const report = await runProviderDoctor(demoConfig(demo, { issuer: configured }), { fetch: tenant });
    expectCheck(byId(report, 'issuer'), 'fail', 'fix', `"${published}", with the trailing slash`);
  });

  it('fails the metadata check when the provider is down and marks the rest n/a', async () => {
    const issuer = `http://127.0.0.1:${closedPort}`;
    const report = await runProviderDoctor(demoConfig(demo, { issuer, apiBaseUrl: undefined }));
    const metadata = byId(report, 'metadata');
    expect(metadata.status).toBe('fail');
    expect(metadata.fix).toContain(`${issuer}/.well-known/openid-configuration`);
    expect(metadata.fix).toMatch(/provider is down/);
    const rest = report.checks.filter((check) => check.id !== 'metadata');
    expect(rest.length).toBeGreaterThan(10);
    for (const check of rest) expect(check.status).toBe('n/a');
    for (const check of rest.filter((c) => c.id !== 'api' && c.id !== 'resource-metadata')) {
      expect(check.detail).toMatch(/provider metadata unavailable/);
    }
  });

  it('fails a configured provider session end that the provider does not advertise', async () => {
    const withoutEndSession: HttpFetch = async (url, init) => {
      const response = await networkFetch(url, init);
      if (!new URL(url).pathname.endsWith('/.well-known/openid-configuration')) return response;
      const document = (await response.json()) as Record<string, unknown>;
      delete document['end_session_endpoint'];
      return Response.json(document);
    };
    const config = demoConfig(demo, { endProviderSession: true });
    const report = await runProviderDoctor(config, { fetch: withoutEndSession });
    const check = byId(report, 'end-session');
    expect(check.status).toBe('fail');
    expect(check.fix).toMatch(/^Set "endProviderSession" to false, or/);
    expect(byId(await runProviderDoctor(config), 'end-session').status).toBe('ok');
  });

  it('fails DPoP turned on against a provider that does not offer it, and passes it where offered', async () => {
    const plain = await startDemo({ providerPort: 0, apiPort: 0, habits: { dpop: 'off' } });
    try {
      const refused = await runProviderDoctor(demoConfig(plain, { dpop: true }));
      expectCheck(byId(refused, 'dpop'), 'fail', 'fix', 'set "dpop" to false');
    } finally {
      await plain.close();
    }
    const bound = await runProviderDoctor(demoConfig(demo, { dpop: true }));
    expectCheck(byId(bound, 'dpop'), 'ok', 'detail', "bound to the app's key");
  });

  it('checks the protected API answers without a token with a Bearer challenge', async () => {
    const up = await runProviderDoctor(demoConfig(demo));
    expectCheck(byId(up, 'api'), 'ok', 'detail', /401/);

    const down = await runProviderDoctor(demoConfig(demo, { apiBaseUrl: `http://127.0.0.1:${closedPort}` }));
    expectCheck(byId(down, 'api'), 'fail', 'fix', /apiBaseUrl/);

    const none = await runProviderDoctor(demoConfig(demo, { apiBaseUrl: undefined }));
    expect(byId(none, 'api').status).toBe('n/a');
  });
});

describe('the API’s protected resource metadata (RFC 9728)', () => {
  it('finds this issuer and the configured scope in the demo API’s metadata, and names the scopes it also offers', async () => {
    const check = byId(await runProviderDoctor(demoConfig(demo)), 'resource-metadata');
    expectCheck(
      check,
      'ok',
      'detail',
      /trusts http:\/\/127\.0\.0\.1:\d+ and knows the configured appointments:read; it also offers appointments:write/,
    );
  });

  it('fails an API that takes tokens from another issuer, and configured scopes the API does not know', async () => {
    const other = await startDemo({ providerPort: 0, apiPort: 0 });
    try {
      const elsewhere = await runProviderDoctor(demoConfig(demo, { apiBaseUrl: other.apiUrl }));
      expectCheck(
        byId(elsewhere, 'resource-metadata'),
        'fail',
        'fix',
        /Set "issuer" to the one the API names/,
      );
      const scopes = await runProviderDoctor(demoConfig(demo, { scopes: 'openid offline_access' }));
      expectCheck(
        byId(scopes, 'resource-metadata'),
        'fail',
        'fix',
        /Add the scope .* e\.g\. "appointments:read"/,
      );
    } finally {
      await other.close();
    }
  });

  it('says n/a for an API that publishes no metadata, and for no API', async () => {
    // The provider has no protected-resource document: as an API base it is one without metadata.
    const bare = await runProviderDoctor(demoConfig(demo, { apiBaseUrl: demo.issuer }));
    expectCheck(byId(bare, 'resource-metadata'), 'n/a', 'detail', /publishes no metadata/);
    const none = await runProviderDoctor(demoConfig(demo, { apiBaseUrl: undefined }));
    expect(byId(none, 'resource-metadata').status).toBe('n/a');
  });
});

describe('npm run doctor', () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'provider-doctor-'));
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { ...process.env };
    for (const name of Object.keys(env))
      if (name.startsWith('OAUTH_') || name === 'APP_CONFIG') delete env[name];
    return new Promise((resolve) => {
      execFile(
        'npx',
        ['tsx', 'scripts/doctor.ts', ...args],
        { env, timeout: 60_000 },
        (error, stdout, stderr) => {
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
        },
      );
    });
  }

  it('prints the table, writes the JSON report and exits 0 for the demo', async () => {
    const configFile = join(directory, 'app.config.json');
    const jsonFile = join(directory, 'report.json');
    const source = demoConfig(demo);
    const config: Record<string, unknown> = { ...source, scopes: source.scopes.join(' ') };
    delete config['keychainService'];
    writeFileSync(configFile, JSON.stringify(config));
    const { code, stdout } = await runCli(['--config', configFile, '--json', jsonFile]);
    expect(stdout).toMatch(/Redirect URI \(scheme\)\s+ok/);
    expect(stdout).toMatch(/No check failed/);
    expectNothingSecret(stdout);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(byId(report, 'api').status).toBe('ok');
  });

  it('exits 1 when a check fails and 2 with the problems of an invalid configuration', async () => {
    const failing = join(directory, 'failing.json');
    writeFileSync(
      failing,
      JSON.stringify({
        issuer: `${demo.issuer}/`,
        clientId: 'x',
        redirectUri: 'com.example.desktop:/callback',
        scopes: 'openid',
      }),
    );
    const failed = await runCli(['--config', failing]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/Fix:\n\s*1\. /);
    expectNothingSecret(failed.stdout);

    const invalid = join(directory, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ issuer: 'ftp://example.com', clientId: '' }));
    const refused = await runCli(['--config', invalid]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is invalid:\n- /);
  });
});
