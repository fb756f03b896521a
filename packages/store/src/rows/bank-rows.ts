import type { Bank, BankChange, BankEntry, BankSummary, DerivedSignal } from '@haechi/core';
import { RowShapeError, readRow, type Row } from './row-reader.js';

/** Rows of the bank tables as records: one mapping for both backends. */

/** An entry's columns, from `bank_entries e`. */
export const ENTRY_COLUMNS =
  'e.id, e.bank_id, e.signal_type, e.signal, e.labels, e.source, e.case_id, e.added_by, e.added_at, e.withdrawn_at, e.derived';

export const toEntry = (row: Row): BankEntry => {
  const r = readRow('bank_entries', row);
  return {
    id: r.int('id'),
    bankId: r.int('bank_id'),
    signalType: r.text('signal_type'),
    signal: r.text('signal'),
    labels: r.stringRecord('labels'),
    source: r.text('source'),
    caseId: r.textOrNull('case_id'),
    addedBy: r.text('added_by'),
    addedAt: r.text('added_at'),
    withdrawnAt: r.textOrNull('withdrawn_at'),
    derived: derivedSignals(r.jsonOrNull('derived')),
  };
};

/** The derived column as stored: a JSON array of {crop, signal}; anything else is a damaged row. */
function derivedSignals(value: unknown): DerivedSignal[] {
  if (value === null) return [];
  const ok =
    Array.isArray(value) &&
    value.every(
      (v: unknown) =>
        typeof v === 'object' &&
        v !== null &&
        typeof (v as Record<string, unknown>)['crop'] === 'string' &&
        typeof (v as Record<string, unknown>)['signal'] === 'string',
    );
  if (!ok)
    throw new RowShapeError(
      'bank_entries',
      'derived',
      'a JSON array of {crop, signal}',
      'another value',
    );
  return (value as DerivedSignal[]).map((v) => ({ crop: v.crop, signal: v.signal }));
}

/** The derived column to store: NULL when there is none. */
export const derivedColumn = (entry: { derived?: readonly DerivedSignal[] }): string | null =>
  entry.derived && entry.derived.length > 0 ? JSON.stringify(entry.derived) : null;

export const toBank = (row: Row): Bank => {
  const r = readRow('banks', row);
  return {
    id: r.int('id'),
    name: r.text('name'),
    description: r.text('description'),
    createdBy: r.text('created_by'),
    createdAt: r.text('created_at'),
  };
};

/** A bank with its counts (`active`, `withdrawn` columns of the summary query). */
export const toBankSummary = (row: Row): BankSummary => {
  const r = readRow('banks', row);
  return { ...toBank(row), activeEntries: r.int('active'), withdrawnEntries: r.int('withdrawn') };
};

const CHANGE_KINDS = ['add', 'withdraw'] as const;

/** A change of the bank feed, with its entry's columns. */
export const toChange = (row: Row): BankChange => {
  const r = readRow('bank_changes', row);
  return { seq: r.int('seq'), kind: r.oneOf('kind', CHANGE_KINDS), entry: toEntry(row) };
};
