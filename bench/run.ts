import { writeFile } from 'node:fs/promises';
import { parseArgsOrExit } from '../scripts/parse-cli-args.js';
import { createBenchContext, releaseBenchContext } from './bench-context.js';
import { measureBootToWindow } from './boot-to-window.js';
import { measureBundleWeights } from './bundle-weight.js';
import { measureClickToBrowser } from './click-to-browser.js';
import type { RoundPlan } from './measure.js';
import { measureApiCall } from './protected-api-call.js';
import { measureRefreshStorm, type StormPlan } from './refresh-storm.js';
import { renderReport } from './report-text.js';
import { measureRestore } from './restore-at-start.js';
import { type BenchResults, toJsonReport } from './results.js';
import { measureSignIn } from './sign-in-completion.js';

/** How much of each scenario one run does. */
interface RunPlan {
  readonly clickToBrowser: RoundPlan;
  readonly signIn: RoundPlan;
  readonly restore: RoundPlan;
  readonly apiCall: RoundPlan;
  readonly storm: StormPlan;
  readonly boot: RoundPlan;
}

/** Enough samples for a median and a p95 that hold still from run to run. */
const FULL: RunPlan = {
  clickToBrowser: { warmup: 10, iterations: 200 },
  signIn: { warmup: 5, iterations: 100 },
  restore: { warmup: 5, iterations: 100 },
  apiCall: { warmup: 100, iterations: 1000 },
  storm: { calls: 500, rounds: 5 },
  boot: { warmup: 2, iterations: 20 },
};

/** Just enough to prove every scenario still runs end to end (CI), in a few seconds. */
const QUICK: RunPlan = {
  clickToBrowser: { warmup: 1, iterations: 5 },
  signIn: { warmup: 1, iterations: 3 },
  restore: { warmup: 1, iterations: 3 },
  apiCall: { warmup: 10, iterations: 50 },
  storm: { calls: 500, rounds: 1 },
  boot: { warmup: 1, iterations: 2 },
};

const USAGE = 'usage: npm run bench -- [--quick] [--json FILE]';

/**
 * `npm run bench`: what the app adds on top of the bare protocol, measured side by side against
 * the real demo provider, API and keychain. Prints a table; `--json FILE` also writes the
 * numbers; `--quick` runs few iterations. It asserts nothing about time: it fails only when a flow
 * itself fails.
 */
async function main(values: { readonly quick: boolean; readonly json?: string }): Promise<void> {
  const mode = values.quick ? 'quick' : 'full';
  const plan = values.quick ? QUICK : FULL;
  const date = new Date();
  const start = performance.now();

  // Loaded only now, so a usage error comes before the demo provider's own start-up output.
  const { startDemo } = await import('../demo/start-demo.js');
  const demo = await startDemo({ providerPort: 0, apiPort: 0 });
  let results: BenchResults;
  try {
    const context = await createBenchContext(demo);
    try {
      progress('click to browser…');
      const clickToBrowser = await measureClickToBrowser(context, plan.clickToBrowser);
      progress('sign-in completion…');
      const signIn = await measureSignIn(context, plan.signIn);
      progress('restore at start…');
      const restore = await measureRestore(context, plan.restore);
      progress('protected API call…');
      const apiCall = await measureApiCall(context, plan.apiCall);
      progress('refresh storm…');
      const storm = await measureRefreshStorm(context, plan.storm);
      progress('boot to window…');
      const boot = await measureBootToWindow(context, plan.boot);
      const bundles = await measureBundleWeights();
      results = { date, mode, durationMs: 0, clickToBrowser, signIn, restore, apiCall, storm, boot, bundles };
    } finally {
      const removed = await releaseBenchContext(context);
      progress(`removed ${removed} keychain entries under ${context.config.keychainService}`);
    }
  } finally {
    await demo.close();
  }

  const report = toJsonReport({ ...results, durationMs: performance.now() - start });
  console.log(renderReport(report));
  if (values.json !== undefined) {
    await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwrote ${values.json}`);
  }
}

/** Progress goes to stderr, so stdout holds only the report. */
function progress(message: string): void {
  console.error(`bench: ${message}`);
}

const { values } = parseArgsOrExit(
  {
    options: { quick: { type: 'boolean', default: false }, json: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  },
  USAGE,
);
try {
  await main(values);
} catch (error) {
  console.error('bench failed:', error);
  process.exitCode = 1;
}
