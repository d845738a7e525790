import { TABLE_WIDTH, wrap } from '../electron/doctor/format-doctor-table.js';
import type { SmokeReport, SmokeStep } from './smoke-report.js';

const GAP = '  ';

/**
 * The smoke report as plain text: step, result, time and what happened, wrapped to the doctor's
 * width, then the numbered fixes for the failed steps, then what was learnt about the provider.
 */
export function formatSmokeReport(report: SmokeReport, width = TABLE_WIDTH): string {
  const failed = report.steps.filter((step) => step.status === 'fail');
  const resultOf = (step: SmokeStep): string =>
    step.status === 'fail' ? `fail (${failed.indexOf(step) + 1})` : step.status;
  const nameWidth = Math.max('Step'.length, ...report.steps.map((step) => step.name.length));
  const resultWidth = Math.max('Result'.length, ...report.steps.map((step) => resultOf(step).length));
  const msWidth = Math.max('ms'.length, ...report.steps.map((step) => String(step.ms).length));
  const detailWidth = Math.max(20, width - nameWidth - resultWidth - msWidth - 3 * GAP.length);
  const row = (name: string, result: string, ms: string, detail: string): string =>
    [name.padEnd(nameWidth), result.padEnd(resultWidth), ms.padStart(msWidth), detail].join(GAP).trimEnd();
  const indent = ' '.repeat(width - detailWidth);

  const lines = [
    row('Step', 'Result', 'ms', 'Detail'),
    row('-'.repeat(nameWidth), '-'.repeat(resultWidth), '-'.repeat(msWidth), '-'.repeat(detailWidth)),
  ];
  for (const step of report.steps) {
    const detail = step.code ? `[${step.code}] ${step.message ?? ''}` : (step.message ?? '');
    const [first = '', ...rest] = wrap(detail, detailWidth);
    lines.push(
      row(step.name, resultOf(step), String(step.ms), first),
      ...rest.map((line) => `${indent}${line}`),
    );
  }
  const { iss, par, rotation, revocation, stepUp } = report.provider;
  const fact = (value: boolean | null) => (value === null ? 'not seen' : value ? 'yes' : 'no');
  const provider =
    `Provider: PAR ${fact(par)}, iss ${fact(iss)}, refresh-token rotation ${fact(rotation)}, ` +
    `revocation ${fact(revocation)}, step-up ${fact(stepUp)}.`;
  lines.push(
    '',
    ...wrap(provider, width),
    report.ok
      ? 'Smoke test passed.'
      : `Smoke test failed: ${failed.length} step${failed.length === 1 ? '' : 's'}.`,
  );
  if (failed.length > 0) {
    lines.push('', 'Fix:');
    failed.forEach((step, index) => {
      const label = `${index + 1}. `;
      const [first = '', ...rest] = wrap(`${step.name}: ${step.fix ?? ''}`, width - label.length - 1);
      lines.push(` ${label}${first}`, ...rest.map((line) => `${' '.repeat(label.length + 1)}${line}`));
    });
  }
  return `${lines.join('\n')}\n`;
}
