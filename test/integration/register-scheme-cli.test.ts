/**
 * `npm run register-scheme` as a person runs it: a child process that loads the configuration the
 * way the app does (`--config`, else `APP_CONFIG`) and registers the scheme of its redirectUri,
 * with HOME and the XDG folders in a temporary directory so the real user's handlers are never
 * touched. xdg-mime itself answers which entry now handles the scheme.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'register-scheme-cli-'));
const home = join(root, 'home');
const applications = join(home, '.local', 'share', 'applications');

/** The environment of each run: a private home, no desktop, no OAUTH_* overrides from the caller. */
function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CONFIG_HOME: join(home, '.config'),
    // The entry's Exec line names this Electron; nothing is started or downloaded.
    ELECTRON_OVERRIDE_DIST_PATH: join(root, 'electron-dist'),
  };
  for (const name of Object.keys(env)) {
    if (name.startsWith('OAUTH_') || name === 'APP_CONFIG' || name.startsWith('XDG_CURRENT'))
      delete env[name];
  }
  return { ...env, ...extra };
}

function runCli(
  args: string[],
  extra?: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/register-scheme.ts', ...args],
      { env: cliEnv(extra), timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The desktop entry xdg-mime names as the handler of `scheme` in the temporary home. */
function handlerOf(scheme: string): string {
  return execFileSync('xdg-mime', ['query', 'default', `x-scheme-handler/${scheme}`], {
    env: cliEnv(),
    encoding: 'utf8',
  }).trim();
}

describe('npm run register-scheme', () => {
  beforeEach(() => {
    rmSync(home, { recursive: true, force: true });
    mkdirSync(home, { recursive: true });
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('registers the scheme of the profile named by APP_CONFIG, not the default one', async () => {
    const { code, stdout } = await runCli([], { APP_CONFIG: 'config/providers/okta.json' });
    expect(stdout).toContain('Registered com.okta.your-org:');
    expect(code).toBe(0);
    expect(handlerOf('com.okta.your-org')).toBe('com.okta.your-org-dev.desktop');
    expect(readdirSync(applications)).toEqual(['com.okta.your-org-dev.desktop']);
  });

  it('takes --config over APP_CONFIG', async () => {
    const { code, stdout } = await runCli(['--config', 'config/providers/okta.json'], {
      APP_CONFIG: 'config/app.config.json',
    });
    expect(stdout).toContain('Registered com.okta.your-org:');
    expect(code).toBe(0);
    expect(handlerOf('com.okta.your-org')).toBe('com.okta.your-org-dev.desktop');
  });

  it('registers the default configuration’s scheme without options', async () => {
    const { code } = await runCli([]);
    expect(code).toBe(0);
    expect(handlerOf('com.example.desktop')).toBe('com.example.desktop-dev.desktop');
  });

  it('says there is nothing to register for a loopback-only configuration, and writes nothing', async () => {
    const { code, stdout } = await runCli(['--config', 'config/providers/entra-id.json']);
    expect(stdout).toMatch(/^Nothing to register: .*entra-id\.json has no private-use redirectUri/);
    expect(code).toBe(0);
    expect(existsSync(applications)).toBe(false);
  });

  it('exits 2 with the usage for an unknown option, and 2 for a configuration it cannot read', async () => {
    const unknown = await runCli(['--foo']);
    expect(unknown.stderr).toContain('Usage: npm run register-scheme [-- --config <file>]');
    expect(unknown.code).toBe(2);
    const missing = await runCli(['--config', join(root, 'missing.json')]);
    expect(missing.stderr).toMatch(/^Cannot read the configuration .*missing\.json/);
    expect(missing.code).toBe(2);
  });
});
