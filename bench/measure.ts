/**
 * Measurement primitives shared by every scenario: interleaved A/B runs and the statistics the
 * report prints. Benchmarks here compare the app against the bare protocol calls in the same
 * process and the same minute, because absolute times on a shared machine mean little; only the
 * ratio of two sides measured side by side is worth reading.
 */

/**
 * One side of a comparison, run once. It does its own untimed preparation (a browser login, a new
 * session) and returns the milliseconds of its timed region only, so each scenario decides exactly
 * where the clock starts and stops.
 */
export type TimedRun = () => Promise<number>;

/** How many rounds to throw away before recording, and how many to record. */
export interface RoundPlan {
  readonly warmup: number;
  readonly iterations: number;
}

/** The recorded samples of both sides, in milliseconds, in the order they were taken. */
export interface PairedSamples {
  readonly app: readonly number[];
  readonly bare: readonly number[];
}

/**
 * Run app and bare alternately (A B A B …) after `warmup` unrecorded rounds. Interleaving makes
 * drift on the machine (CPU frequency, garbage collection, the in-process provider's growing store,
 * other processes) fall on both sides alike; the warm-up takes JIT compilation, first connections
 * and lazy imports out of the first samples.
 */
export async function interleave(app: TimedRun, bare: TimedRun, plan: RoundPlan): Promise<PairedSamples> {
  for (let round = 0; round < plan.warmup; round += 1) {
    await app();
    await bare();
  }
  const appSamples: number[] = [];
  const bareSamples: number[] = [];
  for (let round = 0; round < plan.iterations; round += 1) {
    appSamples.push(await app());
    bareSamples.push(await bare());
  }
  return { app: appSamples, bare: bareSamples };
}

/** Milliseconds taken by `work`, on the monotonic clock (wall-clock jumps cannot distort it). */
export async function timeRegion(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** What the report says about one side: its centre, its spread and its tail. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly p95: number;
}

/** Summarise samples in milliseconds. Throws on an empty list: a scenario that recorded nothing is a bug. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarise');
  const sorted = [...samples].sort((x, y) => x - y);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    p95: percentile(sorted, 95),
  };
}

/**
 * The p-th percentile of ascending samples, interpolating linearly between the two nearest ranks
 * (the "type 7" definition of R and NumPy), so small samples still give a stable, comparable value.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const below = sorted[lower] ?? Number.NaN;
  const above = sorted[Math.min(lower + 1, sorted.length - 1)] ?? below;
  return below + (above - below) * (rank - lower);
}

/** app ÷ bare, rounded to what the table shows; above 1 the app adds time. */
export function ratioOf(app: number, bare: number): number {
  return Math.round((app / bare) * 1000) / 1000;
}
