import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigFields } from '../../demo/app-config.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import type { SmokeReport, SmokeStep } from '../../smoke/smoke-report.js';

/**
 * `npm run smoke` where the keychain cannot keep the refresh token, for real: the CLI runs in a
 * child process with no D-Bus at all, or inside a D-Bus session whose gnome-keyring starts locked
 * (nobody types its password). keytar and gnome-keyring are the real ones; only the demo provider
 * and API run in this process.
 */
const run = promisify(execFile);
let demo: RunningDemo;
let work: string;
let configPath: string;

beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  work = await mkdtemp(join(tmpdir(), 'smoke-keychain-'));
  configPath = join(work, 'app.config.json');
  await writeFile(configPath, JSON.stringify(demoConfigFields(demo)));
});
afterAll(async () => {
  await demo.close();
  await rm(work, { recursive: true, force: true });
});

interface CliRun {
  readonly exitCode: number;
  readonly output: string;
  readonly report: SmokeReport;
}

/** The bare minimum of an environment: no D-Bus address, no X11 display. */
const bareEnv = (): Record<string, string> => ({
  PATH: process.env['PATH'] ?? '',
  HOME: process.env['HOME'] ?? '/tmp',
  ...(process.env['CHROMIUM_PATH'] ? { CHROMIUM_PATH: process.env['CHROMIUM_PATH'] } : {}),
});

/** `tsx scripts/smoke.ts` against the demo, optionally behind a wrapper (dbus-run-session, with-keyring). */
async function runSmokeCli(
  wrapper: readonly string[],
  env: Record<string, string>,
  extra: readonly string[] = [],
): Promise<CliRun> {
  const jsonPath = join(work, `report-${randomUUID()}.json`);
  const smoke = [process.execPath, '--import', 'tsx', 'scripts/smoke.ts', '--config', configPath];
  const args = [...smoke, '--login', 'config/smoke/demo-login.json', '--json', jsonPath, ...extra];
  const [command = '', ...rest] = [...wrapper, ...args];
  const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((resolve) => {
    execFile(command, rest, { env, cwd: process.cwd(), timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
      resolve({ exitCode: code, output: `${stdout}\n${stderr}` });
    });
  });
  const report = JSON.parse(await readFile(jsonPath, 'utf8').catch(() => 'null')) as SmokeReport | null;
  if (report === null) throw new Error(`the smoke run wrote no report (exit ${exitCode}):\n${output}`);
  return { exitCode, output, report };
}

const step = (report: SmokeReport, name: string): SmokeStep | undefined =>
  report.steps.find((each) => each.name === name);

/** A gnome-keyring login keyring that exists (made once with a password) and so starts locked. */
async function lockedKeyringHome(): Promise<string> {
  const home = await mkdtemp(join(work, 'keyring-'));
  const unlock = 'printf throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null';
  await run('dbus-run-session', ['--', 'bash', '-c', unlock], { env: { ...bareEnv(), XDG_DATA_HOME: home } });
  return home;
}

function expectRanInMemory(report: SmokeReport): void {
  expect(step(report, 'code exchange')?.status).toBe('ok');
  expect(step(report, 'API call')).toMatchObject({
    status: 'ok',
    message: 'GET /appointments answered 200.',
  });
  expect(step(report, 'refresh')?.status).toBe('ok');
  expect(step(report, 'refresh')?.message).toMatch(/in memory only/);
  expect(report.provider.revocation).toBe(true); // sign-out ran and revoked at the provider
}

describe('npm run smoke when the keychain cannot keep the refresh token', () => {
  it('with no D-Bus at all: says no Secret Service is reachable, goes on in memory, and fails the run', async () => {
    const { exitCode, output, report } = await runSmokeCli([], bareEnv());
    const keychain = step(report, 'keychain');
    expect(keychain).toMatchObject({ status: 'fail', code: 'keychain_unavailable' });
    expect(keychain?.message).toMatch(/provider issued a refresh token, but it could not be saved/);
    expect(keychain?.message).toMatch(/no D-Bus session/);
    expect(keychain?.fix).toMatch(/gnome-keyring or KWallet/);
    expect(keychain?.fix).toContain('npm run smoke');
    expect(keychain?.fix).not.toMatch(/npm run doctor/);
    expectRanInMemory(report);
    // Sign-out reports what the app would show: the keychain entry could not be deleted.
    expect(step(report, 'sign-out')).toMatchObject({ status: 'fail', code: 'sign_out_incomplete' });
    expect(step(report, 'sign-out')?.fix).toMatch(/keychain/);
    expect(report.ok).toBe(false);
    expect(exitCode).toBe(1);
    expect(output).toMatch(/Smoke test failed/);
    expect(output).not.toMatch(/eyJ[\w-]{10,}/); // no JWT (access or ID token) printed
  }, 120_000);

  it('inside a D-Bus session whose keyring is locked: says so, names the way out, and fails the run', async () => {
    const home = await lockedKeyringHome();
    const env = { ...bareEnv(), XDG_DATA_HOME: home };
    // `dbus-run-session -- npm run smoke`: with-keyring.sh sees a bus and uses its (locked) keyring.
    const locked = ['dbus-run-session', '--', 'bash', 'scripts/with-keyring.sh'];
    const { exitCode, output, report } = await runSmokeCli(locked, env);
    const keychain = step(report, 'keychain');
    expect(keychain).toMatchObject({ status: 'fail', code: 'keychain_unavailable' });
    expect(keychain?.message).toMatch(/provider issued a refresh token, but it could not be saved/);
    expect(keychain?.message).toMatch(/locked/);
    expect(keychain?.fix).toMatch(/[Uu]nlock/);
    expect(keychain?.fix).toContain('WITH_KEYRING_PRIVATE=1 npm run smoke');
    expectRanInMemory(report);
    expect(step(report, 'sign-out')?.status).toBe('ok');
    expect(report.ok).toBe(false);
    expect(exitCode).toBe(1);
    expect(output).not.toMatch(/eyJ[\w-]{10,}/);

    // The way out the fix names: the same locked session, with the private keyring forced.
    const forced = await runSmokeCli(locked, { ...env, WITH_KEYRING_PRIVATE: '1' });
    const applied = forced.report.steps.filter((each) => each.name !== 'step-up'); // no API asks for one
    expect(applied.map((each) => each.status)).toEqual(Array(9).fill('ok'));
    expect(forced.exitCode).toBe(0);
  }, 240_000);
});
