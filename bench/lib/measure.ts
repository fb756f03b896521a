/** Median of a sorted copy. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface MeasureOptions {
  /** Untimed runs first, so the JIT has compiled the code being measured. */
  readonly warmup?: number;
  readonly minSamples?: number;
  /** Keep sampling until this much time has been spent (bounded by maxSamples). */
  readonly minTimeMs?: number;
  readonly maxSamples?: number;
}

/** Median wall time of `fn` in milliseconds. */
export async function measureMs(fn: () => unknown, options: MeasureOptions = {}): Promise<number> {
  const { warmup = 2, minSamples = 5, minTimeMs = 150, maxSamples = 200 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const start = performance.now();
  while (
    samples.length < minSamples ||
    (performance.now() - start < minTimeMs && samples.length < maxSamples)
  ) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Prints rows as an aligned Markdown table (so it can be pasted into the README). */
export function printTable(
  title: string,
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  console.log(`\n### ${title}\n`);
  console.log(line(header));
  console.log(
    `|${widths.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`,
  );
  for (const row of rows) console.log(line(row));
}

export const ms = (n: number): string =>
  n < 1 ? n.toFixed(3) : n < 100 ? n.toFixed(2) : n.toFixed(0);
export const ratio = (n: number): string => `${n.toFixed(2)}×`;
export const perSecond = (msEach: number): string =>
  Math.round(1000 / msEach).toLocaleString('en-US');
