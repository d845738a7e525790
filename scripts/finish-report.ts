import { writeFileSync } from 'node:fs';

/**
 * The common end of `npm run doctor` and `npm run smoke`: write the report as JSON when `--json`
 * asked for it, and exit 0 only when the report is ok, so either works as a CI step.
 */
export function finishReport(report: { readonly ok: boolean }, jsonPath: string | undefined): void {
  if (jsonPath !== undefined) {
    writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nReport written to ${jsonPath}.`);
  }
  process.exitCode = report.ok ? 0 : 1;
}
