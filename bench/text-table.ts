/**
 * Left-aligned columns padded to their widest cell, two spaces apart: readable in a terminal and in
 * a CI log, and pasteable into an issue as it is.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Milliseconds with about three significant digits, the precision these timings can carry. */
export function formatMs(ms: number): string {
  const decimals = ms >= 100 ? 0 : ms >= 10 ? 1 : ms >= 1 ? 2 : 3;
  return `${ms.toFixed(decimals)} ms`;
}

/** Bytes in kB (1000 bytes), one decimal. */
export function formatKb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
