/**
 * The development desktop entry as real openers read it (DESIGN §7). The real
 * registerDevScheme writes its entry and runs xdg-mime in a temporary XDG home; a recorder stands
 * in for Electron through the electron package's own ELECTRON_OVERRIDE_DIST_PATH. Then xdg-open
 * (its generic handler: no desktop environment detected) and gio open must start the recorder with
 * the project folder and the redirect URL as one argument each, byte for byte.
 *
 * Nothing is skipped: a missing opener fails the test (CI installs xdg-utils, desktop-file-utils
 * and libglib2.0-bin, DESIGN §5).
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerDevScheme } from '../../scripts/register-scheme.js';

const SCHEME = 'com.example.desktop';
// `&` would end a shell command, `%2F` must not be decoded, `+` must not become a space.
const REDIRECT_URL = `${SCHEME}:/callback?code=a%2Fb+c&state=x&iss=http%3A%2F%2F127.0.0.1%3A1234`;

// Every variable xdg-open (xdg-utils 1.1.3 detectDE) and xdg-mime look at to pick a desktop.
const DESKTOP_VARIABLES = [
  'XDG_CURRENT_DESKTOP',
  'XDG_SESSION_DESKTOP',
  'DESKTOP_SESSION',
  'KDE_FULL_SESSION',
  'KDE_SESSION_VERSION',
  'GNOME_DESKTOP_SESSION_ID',
  'MATE_DESKTOP_SESSION_ID',
  'LXQT_SESSION_CONFIG',
  'DESKTOP',
] as const;

const root = mkdtempSync(join(tmpdir(), 'desktop-entry-openers-'));
const home = join(root, 'home');
const dataHome = join(home, '.local', 'share');
const configHome = join(home, '.config');
const electronDist = join(root, 'electron-dist');
const record = join(root, 'argv');

/** A stand-in for the Electron binary that writes its arguments, NUL-terminated, to `record`. */
function writeRecorder(): void {
  mkdirSync(electronDist, { recursive: true });
  const target = (path: string): string => `'${path.replace(/'/g, `'\\''`)}'`;
  const recorder = join(electronDist, 'electron');
  writeFileSync(
    recorder,
    `#!/bin/sh\nprintf '%s\\0' "$@" > ${target(`${record}.part`)} && mv ${target(`${record}.part`)} ${target(record)}\n`,
  );
  chmodSync(recorder, 0o755);
}

/** Fails with a clear message when a tool the test needs is not installed. */
function requireTool(tool: string, debianPackage: string): void {
  const probe = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`${tool} is not installed: install ${debianPackage} (DESIGN §5, .ci/run).`);
  }
}

/** Registers the scheme the way `npm run register-scheme` does, inside the temporary home. */
function register(projectDir: string): string {
  vi.stubEnv('HOME', home);
  vi.stubEnv('XDG_DATA_HOME', dataHome);
  vi.stubEnv('XDG_CONFIG_HOME', configHome);
  vi.stubEnv('ELECTRON_OVERRIDE_DIST_PATH', electronDist);
  for (const name of DESKTOP_VARIABLES) vi.stubEnv(name, undefined);
  try {
    return readFileSync(registerDevScheme(SCHEME, projectDir), 'utf8');
  } finally {
    vi.unstubAllEnvs();
  }
}

/** desktop-file-validate's complaints about the entry register-scheme wrote ('' when none). */
function validateEntry(): string {
  requireTool('desktop-file-validate', 'desktop-file-utils');
  const entryPath = join(dataHome, 'applications', `${SCHEME}-dev.desktop`);
  const validation = spawnSync('desktop-file-validate', [entryPath], { encoding: 'utf8' });
  return `${validation.stdout}${validation.stderr}${validation.status === 0 ? '' : `exit ${validation.status}`}`;
}

/**
 * The opener's environment, built from nothing: the temporary XDG home, no desktop variables and
 * no reachable session bus (xdg-open's last detection step asks D-Bus for a GNOME session).
 */
function openerEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    XDG_DATA_HOME: dataHome,
    XDG_CONFIG_HOME: configHome,
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(root, 'no-session-bus')}`,
    ...extra,
  };
}

/** Runs an opener on the redirect URL and returns the arguments the recorder was started with. */
async function openWith(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  rmSync(record, { force: true });
  const outcome = await new Promise<{ status: string; stderr: string }>((resolve) => {
    execFile(command, [...args, REDIRECT_URL], { env, timeout: 10_000 }, (error, _stdout, stderr) => {
      resolve({ status: error ? `failed (${error.code ?? error.signal ?? error.message})` : 'ok', stderr });
    });
  });
  const opener = [command, ...args].join(' ');
  if (outcome.status !== 'ok') {
    throw new Error(`${opener} ${outcome.status} without starting the recorder: ${outcome.stderr.trim()}`);
  }
  // gio returns as soon as it has spawned the handler, xdg-open when the handler exits.
  const deadline = Date.now() + 5_000;
  while (!existsSync(record) && Date.now() < deadline) await sleep(50);
  if (!existsSync(record)) {
    throw new Error(`${opener} exited 0 but did not start the recorder within 5 s: ${outcome.stderr.trim()}`);
  }
  return readFileSync(record, 'utf8').split('\0').slice(0, -1);
}

beforeAll(() => {
  if (/[ \t\n"'\\><~|&;$*?#()`%]/.test(root)) {
    throw new Error(`The temporary directory ${root} holds a character an Exec line must quote; set TMPDIR.`);
  }
  writeRecorder();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('development desktop entry, opened by the real openers', () => {
  const project = join(root, 'checkout', 'desktop-oauth-pkce');

  it('writes an entry desktop-file-validate accepts, with unquoted plain paths', () => {
    const entry = register(project);
    expect(entry).toContain(`\nExec=${electronDist}/electron ${project} %u\n`);
    expect(validateEntry()).toBe('');
  });

  it('xdg-open with no desktop environment (generic handler) passes the folder and the URL intact', async () => {
    requireTool('xdg-open', 'xdg-utils');
    register(project);
    // The generic handler runs desktop-entry handlers only when a display is named; nothing connects to it.
    const argv = await openWith('xdg-open', [], openerEnvironment({ DISPLAY: ':4095' }));
    expect(argv).toEqual([project, REDIRECT_URL]);
  });

  it('gio open passes the folder and the URL intact', async () => {
    requireTool('gio', 'libglib2.0-bin');
    register(project);
    const argv = await openWith('gio', ['open'], openerEnvironment());
    expect(argv).toEqual([project, REDIRECT_URL]);
  });

  it('gio open unquotes a folder with every reserved character, a backslash and a percent sign', async () => {
    requireTool('gio', 'libglib2.0-bin');
    const odd = join(root, `My "odd" $HOME \`x\` back\\slash 100% (dev) it's #1; a&b|c<d>e~f*g?h\tline\nend`);
    const entry = register(odd);
    expect(entry).toMatch(/\nExec=\S+ ".*" %u\n/);
    expect(validateEntry()).toBe('');
    const argv = await openWith('gio', ['open'], openerEnvironment());
    expect(argv).toEqual([odd, REDIRECT_URL]);
  });
});
