import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Every documented way to misuse a command, run as a real child process: it exits 2 with a plain
 * sentence first (no stack frame anywhere, no error class name), and says each problem once.
 * The configurations point at a provider that is not the bundled demo, so nothing here can start
 * the demo's servers, and each config error comes before Electron would be fetched or launched.
 */
const work = mkdtempSync(join(tmpdir(), 'cli-misuse-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A configuration the app accepts, for a provider that is not the bundled demo. */
const validConfig = {
  issuer: 'https://id.example.com',
  clientId: 'desktop-app',
  redirectUri: 'com.example.desktop:/callback',
};

function writeConfig(name: string, content: object): string {
  const path = join(work, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

interface CliRun {
  readonly code: number | string | null | undefined;
  readonly output: string;
}

/** `tsx SCRIPT ARGS` with only the environment the test gives (no OAUTH_* or APP_CONFIG leaks in). */
function runCli(
  script: string,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<CliRun> {
  const base: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith('OAUTH_') && name !== 'APP_CONFIG') base[name] = value;
  // Were a refusal ever to come too late, no Electron binary would be downloaded for it.
  base['ELECTRON_OVERRIDE_DIST_PATH'] = join(work, 'no-electron');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { env: withoutUnset({ ...base, ...env }), timeout: 20_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : (error.code ?? error.signal);
        resolve({ code, output: `${stderr}${stdout}` });
      },
    );
  });
}

function withoutUnset(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function expectReadableRefusal(run: CliRun): void {
  const firstLine = run.output.split('\n')[0] ?? '';
  expect(run.code, run.output).toBe(2);
  expect(run.output).not.toMatch(/^\s+at /m);
  expect(firstLine).not.toMatch(/^\w*(Error|Exception)\b|^node:/);
  expect(firstLine).toMatch(/^[A-Z].*\S/);
}

const occurrences = (text: string, part: string): number => text.split(part).length - 1;

describe('npm start with an unusable configuration', () => {
  it('lists every problem once, names the file, and exits 2', async () => {
    const path = writeConfig('invalid.json', { ...validConfig, redirect: 'sideways', clientId: '' });
    const run = await runCli('scripts/start.ts', [], { APP_CONFIG: path });
    expectReadableRefusal(run);
    expect(run.output.split('\n')[0]).toContain(path);
    expect(occurrences(run.output, 'redirect must be one of')).toBe(1);
    expect(occurrences(run.output, 'clientId is required')).toBe(1);
    expect(run.output).not.toContain('Electron');
  });

  it('names a missing APP_CONFIG file and exits 2', async () => {
    const path = join(work, 'missing.json');
    const run = await runCli('scripts/start.ts', [], { APP_CONFIG: path });
    expectReadableRefusal(run);
    expect(run.output.split('\n')[0]).toMatch(/^Cannot read the configuration .*missing\.json/);
    expect(run.output).not.toContain('Electron');
  });

  it('names the environment variable a bad value came from', async () => {
    const path = writeConfig('valid.json', validConfig);
    const run = await runCli('scripts/start.ts', [], { APP_CONFIG: path, OAUTH_REDIRECT: 'Loopback' });
    expectReadableRefusal(run);
    expect(run.output).toContain('- OAUTH_REDIRECT (environment): must be one of');
    expect(occurrences(run.output, 'must be one of')).toBe(1);
    expect(run.output).not.toContain('Electron');
  });
});

describe.each([
  ['npm run smoke', 'scripts/smoke.ts', 'usage: npm run smoke -- '],
  ['npm run doctor', 'scripts/doctor.ts', 'usage: npm run doctor -- '],
  ['npm run bench', 'bench/run.ts', 'usage: npm run bench -- '],
])('%s with an unknown option', (_command, script, usage) => {
  it('says which option, prints the usage once, and exits 2', async () => {
    const run = await runCli(script, ['--foo']);
    expectReadableRefusal(run);
    expect(run.output.split('\n')[0]).toMatch(/^Unknown option '--foo'/);
    expect(occurrences(run.output, usage)).toBe(1);
  });
});

/** Whether this checkout already holds the Electron binary (then there is nothing to download). */
const electronDownloaded = existsSync(join('node_modules', 'electron', 'path.txt'));

describe('npm start when the Electron binary cannot be downloaded', () => {
  // Only where the binary is not there yet: the mirror is a closed port, so nothing downloads.
  it.skipIf(electronDownloaded)('says what failed, then the fixes, once and without a stack', async () => {
    const run = await runCli('scripts/start.ts', [], {
      APP_CONFIG: writeConfig('for-download.json', validConfig),
      ELECTRON_OVERRIDE_DIST_PATH: undefined,
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      electron_config_cache: join(work, 'electron-cache'),
    });
    expect(run.code, run.output).toBe(1);
    expect(run.output).not.toMatch(/^\s+at /m);
    const lines = run.output.split('\n');
    expect(lines[0]).toBe('Could not download the Electron binary (fetch failed).');
    expect(lines[1]).toMatch(
      /^Set ELECTRON_MIRROR .*ELECTRON_GET_USE_PROXY=1 and HTTPS_PROXY; or run npm start again/,
    );
    expect(occurrences(run.output, 'ELECTRON_MIRROR')).toBe(1);
    expect(run.output).not.toContain('install-electron');
  });
});

/** `bash scripts/with-keyring.sh COMMAND…` in a private session, stdout and stderr apart. */
function runWithKeyring(command: readonly string[]): Promise<CliRun & { stdout: string; stderr: string }> {
  const env = withoutUnset({ ...process.env, WITH_KEYRING_PRIVATE: '1' });
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['scripts/with-keyring.sh', ...command],
      { env, timeout: 20_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : (error.code ?? error.signal);
        resolve({ code, output: `${stderr}${stdout}`, stdout, stderr });
      },
    );
  });
}

const hasDbusRunSession = platform() === 'linux' && existsSync('/usr/bin/dbus-run-session');

describe.skipIf(!hasDbusRunSession)('the private keyring wrapper', () => {
  it("passes the command's stdout, stderr and exit code through, and nothing of its own", async () => {
    const run = await runWithKeyring(['bash', '-c', 'echo out; echo err >&2; exit 3']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('out\n');
    expect(run.stderr).toBe('err\n');
  });

  it('keeps npm run smoke -- --foo a plain usage error with exit 2', async () => {
    const run = await runWithKeyring([process.execPath, '--import', 'tsx', 'scripts/smoke.ts', '--foo']);
    expectReadableRefusal(run);
    expect(run.stderr.split('\n')[0]).toMatch(/^Unknown option '--foo'/);
    expect(run.stderr).not.toContain('dbus-daemon');
  });
});
