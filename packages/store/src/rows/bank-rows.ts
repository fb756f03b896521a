import type { Bank, BankEntry } from '@haechi/core';

/** Rows of the bank tables as records: one mapping for both backends. */
type Row = Record<string, unknown>;

/** An entry's columns, from `bank_entries e`. */
export const ENTRY_COLUMNS =
  'e.id, e.bank_id, e.signal_type, e.signal, e.labels, e.source, e.case_id, e.added_by, e.added_at, e.withdrawn_at';

export const toEntry = (r: Row): BankEntry => ({
  id: r['id'] as number,
  bankId: r['bank_id'] as number,
  signalType: r['signal_type'] as string,
  signal: r['signal'] as string,
  labels: JSON.parse(r['labels'] as string) as Record<string, string>,
  source: r['source'] as string,
  caseId: (r['case_id'] as string | null) ?? null,
  addedBy: r['added_by'] as string,
  addedAt: r['added_at'] as string,
  withdrawnAt: (r['withdrawn_at'] as string | null) ?? null,
});

export const toBank = (r: Row): Bank => ({
  id: r['id'] as number,
  name: r['name'] as string,
  description: r['description'] as string,
  createdBy: r['created_by'] as string,
  createdAt: r['created_at'] as string,
});
