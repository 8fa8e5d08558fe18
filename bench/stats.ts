/** Small, pure statistics and formatting helpers of the benchmark report. */

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function ratio(value: number | undefined, baseline: number | undefined): number | undefined {
  if (value === undefined || baseline === undefined || baseline === 0) return undefined;
  return value / baseline;
}

export function range(values: readonly number[]): { min: number; max: number } | undefined {
  if (values.length === 0) return undefined;
  return { min: Math.min(...values), max: Math.max(...values) };
}

export function fixed(value: number | undefined, digits: number, unit = ''): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(digits)}${unit}`;
}

export function bytes(value: number): string {
  return value < 1024 ? `${value} B` : value < 1024 * 1024 ? `${(value / 1024).toFixed(1)} KiB` : `${(value / 1024 / 1024).toFixed(2)} MiB`;
}

/** A plain-text table: the first row is the header, columns after the first are right-aligned. */
export function table(rows: ReadonlyArray<readonly string[]>): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    row.map((cell, column) => (column === 0 || column === row.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/**
 * Samples split by a bound: those within it, and how many were over it (a
 * sample over the bound did not complete normally and is never folded into a
 * median).
 */
export function withinBound(values: readonly number[], boundMs: number): { valid: number[]; over: number } {
  const valid = values.filter((v) => Number.isFinite(v) && v <= boundMs);
  return { valid, over: values.length - valid.length };
}

/** A baseline is usable when most of its samples completed within the bound (and at least one did). */
export function baselineUsable(samples: number, valid: number): boolean {
  return valid > 0 && valid * 2 > samples;
}
