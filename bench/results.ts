import type { BootResult } from './boot-to-window.js';
import type { BundleWeight, BundleWeights } from './bundle-weight.js';
import type { ClickToBrowserResult } from './click-to-browser.js';
import { type PairedSamples, percentile, ratioOf, type Summary, summarize } from './measure.js';
import type { RestoreResult } from './restore-at-start.js';
import type { StormResult } from './refresh-storm.js';

/** Everything one run measured, raw, before it is summarised for people or for machines. */
export interface BenchResults {
  readonly date: Date;
  readonly mode: 'quick' | 'full';
  readonly durationMs: number;
  readonly clickToBrowser: ClickToBrowserResult;
  readonly signIn: PairedSamples;
  readonly restore: RestoreResult;
  readonly apiCall: PairedSamples;
  readonly storm: StormResult;
  readonly boot: BootResult;
  readonly bundles: BundleWeights;
}

/** Both sides of one comparison, summarised, and the ratio of their medians. */
export interface Comparison {
  readonly n: number;
  readonly ratio: number;
  /** app median − bare median: the time the app adds, which travels better than the ratio. */
  readonly addedMs: number;
  readonly appMs: Summary;
  readonly bareMs: Summary;
}

/** A latency distribution's median and tail, in milliseconds. */
export interface Latency {
  readonly p50: number;
  readonly p95: number;
}

/** The same latency for calls that waited for the refresh and for calls that did not. */
export interface WaitedOrNot {
  readonly waited: Latency;
  readonly notWaited: Latency;
}

/** The storm's outcome: how many refreshes, and what waiting for one cost each call. */
export interface StormSummary {
  readonly calls: number;
  readonly rounds: number;
  /** The most refresh requests any one expiry caused (expected: 1). */
  readonly refreshes: number;
  readonly refreshesPerStorm: readonly number[];
  /** Call start until the access token was in hand: where the waiting happens. */
  readonly tokenWaitMs: WaitedOrNot;
  /** Call start until the response view was ready, queueing at the API included. */
  readonly totalMs: WaitedOrNot;
  /** The latency waiting added to a call: token wait, waited minus not waited. */
  readonly addedP50Ms: number;
  readonly addedP95Ms: number;
  /** Whole-call latency, waited ÷ not waited. */
  readonly p50Ratio: number;
  readonly p95Ratio: number;
}

/** A bundle's weight, with `built: false` and null sizes when there is no build to weigh. */
export type BundleReport =
  (BundleWeight & { readonly built: true }) | { readonly built: false; readonly gzipBytes: null };

/** The `--json` file: stable field names for CI and for comparing runs over time. */
export interface JsonReport {
  readonly date: string;
  readonly mode: 'quick' | 'full';
  readonly node: string;
  readonly durationSeconds: number;
  /** Sign-in call to the browser launch, against the bare (pushed) authorization request. */
  readonly clickToBrowser: Comparison & {
    /** The request went through PAR (RFC 9126) on both sides. */
    readonly pushed: boolean;
    /** The pushed request carried a DPoP proof on both sides. */
    readonly dpop: boolean;
  };
  readonly signIn: Comparison;
  readonly restore: Comparison & {
    /** The most provider requests any restore made (expected: 1). */
    readonly requests: number;
    readonly requestsMin: number;
    readonly requestPaths: readonly string[];
  };
  readonly apiCall: Comparison & { readonly p50Ratio: number; readonly p95Ratio: number };
  readonly storm: StormSummary;
  /** Importing the built main to its first window, against a bare main booted the same way. */
  readonly bootToWindow: Comparison & {
    /** How long `import()` of the built main took, its top level included. */
    readonly importMs: Summary;
  };
  readonly renderer: BundleReport;
  readonly main: BundleReport;
  readonly preload: BundleReport;
}

/** Summarise a paired run; the ratio is of medians, which one slow outlier cannot move. */
export function compare(samples: PairedSamples): Comparison {
  const appMs = summarize(samples.app);
  const bareMs = summarize(samples.bare);
  return {
    n: appMs.n,
    ratio: ratioOf(appMs.median, bareMs.median),
    addedMs: appMs.median - bareMs.median,
    appMs,
    bareMs,
  };
}

/** The storm's latencies per burst kind, the time waiting added, and the refresh counts. */
export function summarizeStorm(storm: StormResult): StormSummary {
  const latency = (samples: readonly number[]): Latency => {
    const sorted = [...samples].sort((x, y) => x - y);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
  };
  const tokenWaitMs = {
    waited: latency(storm.waited.tokenWait),
    notWaited: latency(storm.notWaited.tokenWait),
  };
  const totalMs = { waited: latency(storm.waited.total), notWaited: latency(storm.notWaited.total) };
  return {
    calls: storm.calls,
    rounds: storm.refreshesPerStorm.length,
    refreshes: Math.max(...storm.refreshesPerStorm),
    refreshesPerStorm: storm.refreshesPerStorm,
    tokenWaitMs,
    totalMs,
    addedP50Ms: tokenWaitMs.waited.p50 - tokenWaitMs.notWaited.p50,
    addedP95Ms: tokenWaitMs.waited.p95 - tokenWaitMs.notWaited.p95,
    p50Ratio: ratioOf(totalMs.waited.p50, totalMs.notWaited.p50),
    p95Ratio: ratioOf(totalMs.waited.p95, totalMs.notWaited.p95),
  };
}

/** Build the machine-readable report. */
export function toJsonReport(results: BenchResults): JsonReport {
  const { restore } = results;
  const apiCall = compare(results.apiCall);
  return {
    date: results.date.toISOString(),
    mode: results.mode,
    node: process.version,
    durationSeconds: Math.round(results.durationMs / 100) / 10,
    clickToBrowser: {
      ...compare(results.clickToBrowser),
      pushed: results.clickToBrowser.pushed,
      dpop: results.clickToBrowser.dpop,
    },
    signIn: compare(results.signIn),
    restore: {
      ...compare(restore),
      requests: Math.max(...restore.requestsPerRestore),
      requestsMin: Math.min(...restore.requestsPerRestore),
      requestPaths: restore.lastRequests.map(({ path, grantType }) =>
        grantType === undefined ? path : `${path} (${grantType})`,
      ),
    },
    apiCall: {
      ...apiCall,
      p50Ratio: apiCall.ratio,
      p95Ratio: ratioOf(apiCall.appMs.p95, apiCall.bareMs.p95),
    },
    storm: summarizeStorm(results.storm),
    bootToWindow: { ...compare(results.boot), importMs: summarize(results.boot.importMs) },
    renderer: bundleReport(results.bundles.renderer),
    main: bundleReport(results.bundles.main),
    preload: bundleReport(results.bundles.preload),
  };
}

function bundleReport(weight: BundleWeight | undefined): BundleReport {
  return weight === undefined ? { built: false, gzipBytes: null } : { ...weight, built: true };
}
