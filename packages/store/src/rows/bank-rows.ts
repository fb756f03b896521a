import type { Bank, BankChange, BankEntry, BankSummary } from '@haechi/core';
import { readRow, type Row } from './row-reader.js';

/** Rows of the bank tables as records: one mapping for both backends. */

/** An entry's columns, from `bank_entries e`. */
export const ENTRY_COLUMNS =
  'e.id, e.bank_id, e.signal_type, e.signal, e.labels, e.source, e.case_id, e.added_by, e.added_at, e.withdrawn_at';

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
  };
};

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
