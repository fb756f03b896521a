import type { BankSummary } from '@haechi/core';

/** Banks as an aligned table for people (`--json` gives one JSON line each for programs). */
export function formatBankTable(banks: readonly BankSummary[]): string[] {
  if (banks.length === 0) return ['no banks yet: create one with `haechi bank create NAME`'];
  const rows = [
    ['bank', 'active', 'withdrawn', 'created', 'description'],
    ...banks.map((b) => [
      b.name,
      b.activeEntries.toLocaleString('en-US'),
      b.withdrawnEntries.toLocaleString('en-US'),
      b.createdAt.slice(0, 10),
      b.description,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}
