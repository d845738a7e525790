import { availableParallelism, cpus } from 'node:os';
import type { Summary } from './measure.js';
import type { BundleReport, JsonReport } from './results.js';
import { formatKb, formatMs, formatTable } from './text-table.js';

/**
 * The report for people: one table of app-versus-bare comparisons, the storm, and the bundle
 * weights. It is rendered from the same {@link JsonReport} the `--json` file holds, so the two
 * can never disagree.
 */
export function renderReport(report: JsonReport): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return [
    `Benchmarks, ${report.date.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}, ${report.mode} run, ` +
      `${report.durationSeconds} s`,
    `node ${report.node}, ${process.platform}/${process.arch}, ${availableParallelism()} × ${cpu}; ` +
      'demo provider and API in this process on 127.0.0.1; keychain: keytar',
    'app = the app’s code path; bare = the protocol minimum; sides interleaved A B A B after a warm-up;',
    'ratio = app median ÷ bare median (API p95: app p95 ÷ bare p95)',
    '',
    comparisonTable(report),
    '',
    stormTable(report),
    '',
    bootTable(report),
    '',
    bundleTable(report),
  ].join('\n');
}

/** One app-versus-bare row compared at the median: n, both sides with their spread, ratio, added time. */
function medianRow(
  label: string,
  n: number,
  app: Summary,
  bare: Summary,
  ratio: number,
  addedMs: number,
): string[] {
  return [label, `${n}`, spread(app), spread(bare), ratio.toFixed(2), signed(addedMs)];
}

function comparisonTable(report: JsonReport): string {
  const { clickToBrowser: click, signIn, restore, apiCall } = report;
  const requests =
    restore.requestsMin === restore.requests
      ? `${restore.requests}`
      : `${restore.requestsMin}–${restore.requests}`;
  return formatTable(
    ['measure', 'n', 'app median (min–max)', 'bare median (min–max)', 'ratio', 'added'],
    [
      medianRow(clickLabel(click), click.n, click.appMs, click.bareMs, click.ratio, click.addedMs),
      medianRow('sign-in completion', signIn.n, signIn.appMs, signIn.bareMs, signIn.ratio, signIn.addedMs),
      medianRow(
        `restore at start (${requests} provider request${restore.requests === 1 ? '' : 's'})`,
        restore.n,
        restore.appMs,
        restore.bareMs,
        restore.ratio,
        restore.addedMs,
      ),
      medianRow('API call, p50', apiCall.n, apiCall.appMs, apiCall.bareMs, apiCall.p50Ratio, apiCall.addedMs),
      [
        'API call, p95',
        `${apiCall.n}`,
        formatMs(apiCall.appMs.p95),
        formatMs(apiCall.bareMs.p95),
        apiCall.p95Ratio.toFixed(2),
        signed(apiCall.appMs.p95 - apiCall.bareMs.p95),
      ],
    ],
  ).concat(`\nrestore requests: ${report.restore.requestPaths.join(', ') || 'none'}`);
}

/** Which authorization request the click-to-browser row timed: pushed or not, with DPoP or not. */
function clickLabel(click: JsonReport['clickToBrowser']): string {
  const request = [click.pushed ? 'PAR' : 'no PAR', ...(click.dpop ? ['DPoP'] : [])].join(' + ');
  return `click to browser (${request})`;
}

function stormTable(report: JsonReport): string {
  const { storm } = report;
  const { tokenWaitMs: wait, totalMs: total } = storm;
  return formatTable(
    [
      `refresh storm: ${storm.rounds} × ${storm.calls} concurrent calls`,
      'waited for refresh',
      'did not wait',
      'added',
    ],
    [
      [
        'wait for the token, p50',
        formatMs(wait.waited.p50),
        formatMs(wait.notWaited.p50),
        signed(storm.addedP50Ms),
      ],
      [
        'wait for the token, p95',
        formatMs(wait.waited.p95),
        formatMs(wait.notWaited.p95),
        signed(storm.addedP95Ms),
      ],
      [
        'whole call, p50',
        formatMs(total.waited.p50),
        formatMs(total.notWaited.p50),
        `${signed(total.waited.p50 - total.notWaited.p50)} (×${storm.p50Ratio.toFixed(2)})`,
      ],
      [
        'whole call, p95',
        formatMs(total.waited.p95),
        formatMs(total.notWaited.p95),
        `${signed(total.waited.p95 - total.notWaited.p95)} (×${storm.p95Ratio.toFixed(2)})`,
      ],
    ],
  ).concat(`\nrefresh requests per forced expiry: ${storm.refreshesPerStorm.join(', ')} (expected 1 each)`);
}

function bootTable(report: JsonReport): string {
  const { bootToWindow: boot, main } = report;
  const size = main.built ? `${formatKb(main.rawBytes)}, ${formatKb(main.gzipBytes)} gzip` : 'not built';
  return formatTable(
    [
      'boot (built main, only electron replaced)',
      'n',
      'app median (min–max)',
      'bare median (min–max)',
      'ratio',
      'added',
    ],
    [medianRow('boot to window', boot.n, boot.appMs, boot.bareMs, boot.ratio, boot.addedMs)],
  ).concat(`
import of out/main/index.js (${size}): median ${spread(boot.importMs)}`);
}

function bundleTable(report: JsonReport): string {
  const row = (name: string, bundle: BundleReport): string[] =>
    bundle.built
      ? [name, `${bundle.files}`, formatKb(bundle.rawBytes), formatKb(bundle.gzipBytes)]
      : [name, '', 'not built', '(npx electron-vite build)'];
  return formatTable(
    ['bundle (gzip, node:zlib level 6)', 'files', 'raw', 'gzip'],
    [row('renderer JS + CSS', report.renderer), row('main', report.main), row('preload', report.preload)],
  );
}

/** A difference in milliseconds with its sign always shown. */
function signed(ms: number): string {
  return `${ms >= 0 ? '+' : '−'}${formatMs(Math.abs(ms))}`;
}

function spread(summary: Summary): string {
  return `${formatMs(summary.median)} (${formatMs(summary.min).replace(' ms', '')}–${formatMs(summary.max)})`;
}
