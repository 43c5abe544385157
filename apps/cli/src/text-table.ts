/**
 * Formats rows as an aligned plain-text table: columns padded to their widest cell, numbers
 * (cells of `right`-aligned columns) flush right so their digits line up.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly boolean[] = [],
): string {
  const widths = headers.map((header, c) =>
    Math.max(header.length, ...rows.map((row) => (row[c] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** A metric for a table: 4 decimals, or scientific notation for very large or small values. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) return value.toExponential(3);
  return value.toFixed(4);
}
