import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDemo } from '../../demo/start-demo.js';
import type { SecretStore } from '../../electron/auth/ports.js';
import { keychainAccounts } from '../../electron/auth/tokens/refresh-token-vault.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { demoConfig } from '../support/demo-session.js';
import { startDemoWithOfflineApp, stopDemoWithOfflineApp } from '../support/demo-with-offline-app.js';
import { becomeReady, lastView, type OfflineApp, until } from '../support/offline-app.js';

/** A keychain that is locked: it sees what the app tried to store, and stores nothing. */
class LockedKeychain implements SecretStore {
  readonly attempted: Array<{ account: string; secret: string }> = [];
  get(): Promise<string | undefined> {
    return Promise.reject(new Error('Cannot get secret of a locked object'));
  }
  set(account: string, secret: string): Promise<void> {
    this.attempted.push({ account, secret });
    return Promise.reject(new Error('Cannot create an item in a locked collection'));
  }
  delete(): Promise<boolean> {
    return Promise.reject(new Error('Cannot delete an item in a locked collection'));
  }
}

let demo: RunningDemo;
let app: OfflineApp;
beforeAll(async () => ({ demo, app } = await startDemoWithOfflineApp()));
afterAll(() => stopDemoWithOfflineApp({ demo, app }));

describe('a locked keychain (real provider, app wiring on the fake Electron)', () => {
  it('signs in for this run only, warns, and writes no token anywhere', async () => {
    const keychain = new LockedKeychain();
    const config = { ...demoConfig(demo), redirect: 'scheme' as const };
    const { fake, running } = app.start({ config, createSecretStore: () => keychain });
    const window = await becomeReady(fake);
    expect(lastView(window.webContents)).toMatchObject({
      state: 'signed-out',
      error: { code: 'keychain_unavailable' },
    });

    await fake.invoke('auth:sign-in', window.webContents, window.webContents.mainFrame);
    const callbackUrl = await completeLoginOverHttp(fake.shell.opened[0] ?? '');
    fake.app.emit('second-instance', {}, ['/opt/app/desktop', callbackUrl], '/');
    await until(() => lastView(window.webContents).state === 'signed-in');
    const view = lastView(window.webContents);
    expect(view).toMatchObject({ state: 'signed-in', error: { code: 'keychain_unavailable' } });
    expect(view.state === 'signed-in' && view.error?.message).toMatch(/sign in again next time/);

    // One refresh token it tried to keep (and the digest of the provider metadata it saved).
    const accounts = keychainAccounts(config.issuer, config.clientId);
    const tokens = keychain.attempted.filter(({ account }) => account === accounts.refreshToken);
    expect(tokens).toHaveLength(1);
    expect(keychain.attempted.map(({ account }) => account).sort()).toEqual(
      [accounts.refreshToken, accounts.metadataDigest].sort(),
    );
    const secrets = [await running!.session.accessToken(), ...tokens.map(({ secret }) => secret)];
    const files = await readdir(app.userData, { recursive: true });
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const content = await readFile(join(app.userData, file), 'utf8').catch(() => '');
      for (const secret of secrets) expect(content).not.toContain(secret);
    }
  });
});
