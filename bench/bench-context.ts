import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import type * as oidc from 'openid-client';
import type { RunningDemo } from '../demo/start-demo.js';
import type { AppConfig } from '../electron/auth/config/config.js';
import { createKeytarSecretStore } from '../electron/adapters/keytar-secret-store.js';
import { composeSession } from '../electron/main/compose-session.js';
import { discoverDemoProvider } from '../demo/bare-client.js';
import { demoConfig } from '../demo/app-config.js';
import { TimerBag } from './timer-bag.js';

/** What every scenario of one run shares: the demo, the app's configuration, and the bare client. */
export interface BenchContext {
  readonly demo: RunningDemo;
  /** The app's configuration for the demo, with a keychain service used by this run only. */
  readonly config: AppConfig;
  /** The app's data folder, its saved provider metadata already there, as after a first start. */
  readonly userDataDir: string;
  /** The bare side's openid-client configuration, discovered once up front. */
  readonly bare: oidc.Configuration;
  /** Where the bare side keeps its refresh token: same service, its own account. */
  readonly bareAccount: string;
  readonly timers: TimerBag;
}

/**
 * Prepare a run against a running demo. The keychain service name is new for every run, so a run
 * never reads another run's tokens and cleanup can remove everything under it without guessing.
 * Discovery happens here for both sides: neither side's measurements include it.
 */
export async function createBenchContext(demo: RunningDemo): Promise<BenchContext> {
  const config = demoConfig(demo, { keychainService: `com.example.desktop.bench-${randomUUID()}` });
  const userDataDir = await mkdtemp(join(tmpdir(), 'bench-user-data-'));
  // The app's first start: discovery, its answer saved and vouched for in the keychain.
  await composeSession({
    config,
    appName: 'Bench',
    secrets: createKeytarSecretStore(config.keychainService),
    openExternal: () => Promise.resolve(),
    isSchemeRegistered: () => true,
    userDataDir,
  }).provider.get();
  return {
    demo,
    config,
    userDataDir,
    bare: await discoverDemoProvider(demo.issuer),
    bareAccount: `bare ${config.issuer} ${config.clientId}`,
    timers: new TimerBag(),
  };
}

/**
 * Stop what the run left behind in this process, on disk and in the OS keychain: planned refresh
 * timers, the data folder, and every entry under the run's keychain service. Returns how many
 * keychain entries were removed.
 */
export async function releaseBenchContext(context: BenchContext): Promise<number> {
  context.timers.clear();
  await rm(context.userDataDir, { recursive: true, force: true });
  const service = context.config.keychainService;
  const entries = await keytar.findCredentials(service);
  for (const { account } of entries) await keytar.deletePassword(service, account);
  return entries.length;
}
