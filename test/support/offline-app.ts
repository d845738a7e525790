import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileMetadataCache } from '../../electron/adapters/file-metadata-cache.js';
import { silentLogger } from '../../electron/auth/ports.js';
import { SavedMetadata } from '../../electron/auth/provider/saved-metadata.js';
import { runApp, type RunAppOptions } from '../../electron/main/run-app.js';
import type { SessionView } from '../../electron/shared/ipc-contract.js';
import { createFakeElectron, FakeBrowserWindow, type FakeWebContents } from '../../harness/fake-electron.js';
import { MemorySecretStore } from './fakes.js';
import { OFFLINE_METADATA, offlineConfig } from './offline-provider.js';

/**
 * runApp on the fake Electron against the offline provider: a data folder whose cached metadata
 * means the wiring never needs the network, and helpers to drive the app like the OS would.
 */
export async function createOfflineApp() {
  const userData = await mkdtemp(join(tmpdir(), 'run-app-'));
  // As after a first start: the metadata file, and its digest in the keychain every start gets.
  const keychain = new MemorySecretStore();
  const metadataFile = createFileMetadataCache(join(userData, 'provider-metadata.json'));
  await new SavedMetadata(metadataFile, keychain, offlineConfig()).save(OFFLINE_METADATA);
  FakeBrowserWindow.instances.length = 0;

  const options = (overrides: Partial<RunAppOptions> = {}): RunAppOptions => ({
    config: offlineConfig(),
    argv: ['/opt/app/desktop'],
    platform: 'linux',
    isDefaultApp: false,
    execPath: '/opt/app/desktop',
    preloadPath: '/opt/app/preload/index.cjs',
    rendererDir: '/opt/app/renderer',
    createSecretStore: () => new MemorySecretStore(keychain.entries),
    logger: silentLogger,
    ...overrides,
  });

  const start = (overrides: Partial<RunAppOptions> = {}, configure?: (fake: FakeElectron) => void) => {
    const { fake, surface } = createFakeElectron(userData);
    configure?.(fake);
    return { fake, running: runApp(surface, options(overrides)) };
  };

  return { userData, options, start, cleanup: () => rm(userData, { recursive: true, force: true }) };
}

export type OfflineApp = Awaited<ReturnType<typeof createOfflineApp>>;

export type FakeElectron = ReturnType<typeof createFakeElectron>['fake'];

/** Make the app ready, as Electron would, and wait until its window shows the first state. */
export async function becomeReady(fake: FakeElectron) {
  fake.app.becomeReady();
  await until(() => FakeBrowserWindow.instances.length >= 1);
  const window = FakeBrowserWindow.instances.at(-1)!;
  await until(() =>
    window.webContents.sent.some(({ payload }) => (payload as SessionView).state === 'signed-out'),
  );
  return window;
}

export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition never became true');
}

/** The last session view main pushed to the window. */
export function lastView(contents: FakeWebContents): SessionView {
  return contents.sent.filter(({ channel }) => channel === 'auth:state-changed').at(-1)
    ?.payload as SessionView;
}
