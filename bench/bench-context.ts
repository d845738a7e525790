import { randomUUID } from 'node:crypto';
import keytar from 'keytar';
import type * as oidc from 'openid-client';
import type { RunningDemo } from '../demo/start-demo.js';
import type { AppConfig } from '../electron/auth/config.js';
import { createKeytarSecretStore } from '../electron/adapters/keytar-secret-store.js';
import { composeSession } from '../electron/main/compose-session.js';
import { discoverDemoProvider } from '../demo/bare-client.js';
import { demoConfig } from '../test/support/demo-session.js';
import { memoryMetadataCache } from '../test/support/fakes.js';
import { TimerBag } from './timer-bag.js';

/** What every scenario of one run shares: the demo, the app's configuration, and the bare client. */
export interface BenchContext {
  readonly demo: RunningDemo;
  /** The app's configuration for the demo, with a keychain service used by this run only. */
  readonly config: AppConfig;
  /** The app's metadata cache, already filled, as after the app's first start. */
  readonly metadataCache: ReturnType<typeof memoryMetadataCache>;
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
  const metadataCache = memoryMetadataCache();
  // The app's first start: discovery, its answer saved and vouched for in the keychain.
  await composeSession({
    config,
    appName: 'Bench',
    secrets: createKeytarSecretStore(config.keychainService),
    openExternal: () => Promise.resolve(),
    isSchemeRegistered: () => true,
    metadataCache,
  }).provider.get();
  return {
    demo,
    config,
    metadataCache,
    bare: await discoverDemoProvider(demo.issuer),
    bareAccount: `bare ${config.issuer} ${config.clientId}`,
    timers: new TimerBag(),
  };
}

/**
 * Stop what the run left behind in this process and in the OS keychain: planned refresh timers and
 * every entry under the run's keychain service. Returns how many keychain entries were removed.
 */
export async function releaseBenchContext(context: BenchContext): Promise<number> {
  context.timers.clear();
  const service = context.config.keychainService;
  const entries = await keytar.findCredentials(service);
  for (const { account } of entries) await keytar.deletePassword(service, account);
  return entries.length;
}
