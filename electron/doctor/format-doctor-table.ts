import type { DoctorCheck, DoctorReport, DoctorStatus } from './doctor-report.js';

/** The width the table is laid out for: a terminal, a CI log, a pasted issue comment. */
export const TABLE_WIDTH = 100;
const GAP = '  ';
const NEEDS_FIX: ReadonlySet<DoctorStatus> = new Set(['warn', 'fail']);

/**
 * The doctor's report as plain text: an aligned table (check, status, detail) wrapped to
 * {@link TABLE_WIDTH} columns, then a numbered "Fix:" list for every warning and failure, each
 * number shown next to its status so a row and its fix are easy to pair. No colours, so it reads
 * the same in a log file.
 */
export function formatDoctorTable(report: DoctorReport, width = TABLE_WIDTH): string {
  const numbers = fixNumbers(report.checks);
  const statusOf = (check: DoctorCheck): string => {
    const number = numbers.get(check);
    return number === undefined ? check.status : `${check.status} (${number})`;
  };
  const titleWidth = Math.max('Check'.length, ...report.checks.map((check) => check.title.length));
  const statusWidth = Math.max('Status'.length, ...report.checks.map((check) => statusOf(check).length));
  const detailWidth = Math.max(20, width - titleWidth - statusWidth - 2 * GAP.length);
  const row = (title: string, status: string, detail: string): string =>
    `${title.padEnd(titleWidth)}${GAP}${status.padEnd(statusWidth)}${GAP}${detail}`.trimEnd();
  const indent = ' '.repeat(titleWidth + statusWidth + 2 * GAP.length);

  const lines = [
    row('Check', 'Status', 'Detail'),
    row('-'.repeat(titleWidth), '-'.repeat(statusWidth), '-'.repeat(detailWidth)),
  ];
  for (const check of report.checks) {
    const [first = '', ...rest] = wrap(check.detail, detailWidth);
    lines.push(row(check.title, statusOf(check), first), ...rest.map((line) => `${indent}${line}`));
  }
  lines.push('', summary(report));
  const fixes = report.checks.filter((check) => numbers.has(check));
  if (fixes.length > 0) {
    lines.push('', 'Fix:');
    for (const check of fixes) {
      const label = `${String(numbers.get(check)).padStart(String(fixes.length).length)}. `;
      const [first = '', ...rest] = wrap(
        `${check.title}: ${check.fix ?? check.detail}`,
        width - label.length - 1,
      );
      lines.push(` ${label}${first}`, ...rest.map((line) => `${' '.repeat(label.length + 1)}${line}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Fix numbers, 1 upwards in table order, for the checks that warn or fail. */
function fixNumbers(checks: readonly DoctorCheck[]): Map<DoctorCheck, number> {
  const numbers = new Map<DoctorCheck, number>();
  for (const check of checks) if (NEEDS_FIX.has(check.status)) numbers.set(check, numbers.size + 1);
  return numbers;
}

function summary(report: DoctorReport): string {
  const count = (status: DoctorStatus): number =>
    report.checks.filter((check) => check.status === status).length;
  const counts = `${count('ok')} ok, ${count('warn')} warn, ${count('fail')} fail, ${count('n/a')} n/a`;
  return `${report.ok ? 'No check failed' : 'Some checks failed'}: ${counts}.`;
}

/** Greedy word wrap; a word longer than the width (a URL) is cut, so no line ever overflows. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const pieces = word.match(new RegExp(`.{1,${width}}`, 'gu')) ?? [word];
    for (const piece of pieces) {
      if (line === '') line = piece;
      else if (line.length + 1 + piece.length <= width) line = `${line} ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
