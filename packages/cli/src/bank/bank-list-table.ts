import type { BankSummary } from '@haechi/core';

const HEADER = ['bank', 'active', 'withdrawn', 'created', 'description'];
/** Count columns are right-aligned. */
const NUMERIC = new Set([1, 2]);

/** Banks as an aligned table for people (`--json` gives one JSON line each for programs). */
export function formatBankTable(banks: readonly BankSummary[]): string[] {
  if (banks.length === 0) return ['no banks yet: create one with `haechi bank create NAME`'];
  const rows = [
    HEADER,
    ...banks.map((b) => [
      b.name,
      b.activeEntries.toLocaleString('en-US'),
      b.withdrawnEntries.toLocaleString('en-US'),
      b.createdAt.slice(0, 10),
      b.description,
    ]),
  ];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, i) =>
        NUMERIC.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}
