import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

// The script runs in a child process with no D-Bus session, exactly like a machine whose Secret
// Service is missing, so keytar fails for real.
const probe = `
  import { createKeytarSecretStore } from './electron/adapters/keytar-secret-store.ts';
  import { RefreshTokenVault } from './electron/auth/tokens/refresh-token-vault.ts';
  const vault = new RefreshTokenVault(createKeytarSecretStore('com.example.desktop.test'), 'https://idp', 'c');
  const results = {};
  for (const [name, operation] of [['read', () => vault.read()], ['save', () => vault.save('rt')]]) {
    try { await operation(); results[name] = 'ok'; }
    catch (error) { results[name] = { code: error.code, message: error.message, cause: String(error.cause?.message ?? error.cause) }; }
  }
  console.log(JSON.stringify(results));
`;

describe('keychain unavailable (real keytar, no Secret Service)', () => {
  it('fails with keychain_unavailable and a human message instead of falling back', async () => {
    const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp' };
    const { stdout } = await run('node', ['--import', 'tsx', '--input-type=module', '-e', probe], {
      env,
      cwd: process.cwd(),
    });
    const results = JSON.parse(stdout) as Record<string, { code: string; message: string; cause: string }>;
    for (const result of Object.values(results)) {
      expect(result.code).toBe('keychain_unavailable');
      expect(result.message).toMatch(/system keychain/);
      expect(result.cause).toMatch(/D-Bus|DBus|dbus/);
    }
  });
});
