import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILT_MAIN, type BuiltApp, launchBuiltApp } from '../harness/built-app/built-app.js';
import { demoConfigFields } from '../demo/app-config.js';
import type { BenchContext } from './bench-context.js';
import { interleave, type PairedSamples, type RoundPlan } from './measure.js';

/** Boot timings, and how long importing the built main took on each app boot. */
export interface BootResult extends PairedSamples {
  /** From `import()` of `out/main/index.js` until it resolved (its top level has run). */
  readonly importMs: readonly number[];
}

/**
 * Loads an entry the way every boot here is loaded, and marks when the import began and ended,
 * in the clock the stand-in stamps the first window with.
 */
const BOOT_SCRIPT = `const entry = process.argv[2];
process.send({ kind: 'mark', name: 'import-start', at: performance.now() });
await import(entry);
process.send({ kind: 'mark', name: 'import-end', at: performance.now() });
`;

/** The least a main process can do: wait for ready and create one window. */
const BARE_MAIN = `import { app, BrowserWindow } from 'electron';
await app.whenReady();
new BrowserWindow({ width: 720, height: 640, show: false });
`;

/**
 * Boot to window: from importing the built main (`out/main/index.js`, as shipped, with only the
 * `electron` module replaced) to its first `BrowserWindow`, against a bare main that only creates
 * one, booted the same way: a fresh Node process, the same resolution hook, `ready` sent at once.
 * The app starts signed out (an empty keychain service), so no provider request is in the way.
 */
export async function measureBootToWindow(context: BenchContext, plan: RoundPlan): Promise<BootResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-boot-'));
  try {
    const boot = join(dir, 'boot.mjs');
    const bare = join(dir, 'bare-main.mjs');
    const configPath = join(dir, 'app.config.json');
    await writeFile(boot, BOOT_SCRIPT);
    await writeFile(bare, BARE_MAIN);
    await writeFile(
      configPath,
      JSON.stringify(
        demoConfigFields(context.demo, { keychainService: `${context.config.keychainService}.boot` }),
      ),
    );
    const importMs: number[] = [];
    const start = async (entry: string): Promise<{ boot: number; imported: number }> => {
      const app = await launchBuiltApp({
        entry: boot,
        argv: [pathToFileURL(entry).href],
        configPath,
        userData: join(dir, 'user-data'),
      });
      try {
        app.ready();
        return await bootTimes(app);
      } finally {
        await app.stop();
      }
    };
    const samples = await interleave(
      async () => {
        const { boot: elapsed, imported } = await start(BUILT_MAIN);
        importMs.push(imported);
        return elapsed;
      },
      async () => (await start(bare)).boot,
      plan,
    );
    return { ...samples, importMs: importMs.slice(plan.warmup) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Milliseconds from the start of the import to the first window, and to the end of the import. */
async function bootTimes(app: BuiltApp): Promise<{ boot: number; imported: number }> {
  const window = await app.waitFor((a) => a.all('window')[0], 'the first window');
  const mark = (name: string) => app.waitFor((a) => a.all('mark').find((m) => m.name === name)?.at, name);
  const importStart = await mark('import-start');
  const importEnd = await mark('import-end');
  return { boot: window.at - importStart, imported: importEnd - importStart };
}
