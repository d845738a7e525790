/**
 * A profile copied from config/providers/ and not filled in is refused by the doctor and smoke as
 * a configuration problem (exit 2) that names the placeholder, before any request: the Okta
 * profile's issuer host YOUR_ORG.okta.com would otherwise end in "could not connect".
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function runCli(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (name.startsWith('OAUTH_') || name === 'APP_CONFIG') delete env[name];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.each(['scripts/doctor.ts', 'scripts/smoke.ts'])('%s with a profile as shipped', (script) => {
  it('exits 2 naming every unfilled placeholder, and checks nothing', async () => {
    const { code, stdout, stderr } = await runCli(script, ['--config', 'config/providers/okta.json']);
    expect(stderr).toContain(
      '- issuer still holds the placeholder YOUR_ORG: replace it with your organisation',
    );
    expect(stderr).toContain('- clientId still holds the placeholder YOUR_NATIVE_APP_CLIENT_ID');
    expect(stdout).not.toMatch(/Provider metadata|provider metadata/);
    expect(code).toBe(2);
  });
});
