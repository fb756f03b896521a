import type { BankEntry, BankStore } from '@haechi/core';
import {
  formatHashList,
  isSignalType,
  type HashListEntry,
  type HashListFormat,
  type SignalType,
} from '@haechi/exchange';
import { requireBank } from './bank-name.js';

export interface ExportBankOptions {
  readonly format: HashListFormat;
  /** Only entries of this type (a hex list must hold one type). */
  readonly signalType?: SignalType;
  readonly includeWithdrawn?: boolean;
  /** Entries read from the store at a time (memory stays bounded whatever the bank's size). */
  readonly pageSize?: number;
}

/** The bank's entries in id order, one page of the store at a time. */
async function* pagedEntries(
  store: BankStore,
  bankId: number,
  options: ExportBankOptions,
): AsyncGenerator<BankEntry> {
  const limit = options.pageSize ?? 10_000;
  let afterId = 0;
  for (;;) {
    const page = await store.listEntries(bankId, {
      afterId,
      limit,
      includeWithdrawn: options.includeWithdrawn === true,
    });
    for (const entry of page)
      if (!options.signalType || entry.signalType === options.signalType) yield entry;
    if (page.length < limit) return;
    afterId = page[page.length - 1].id;
  }
}

async function* asListEntries(entries: AsyncIterable<BankEntry>): AsyncGenerator<HashListEntry> {
  for await (const entry of entries) {
    if (!isSignalType(entry.signalType)) continue;
    yield {
      signalType: entry.signalType,
      signal: entry.signal,
      labels: entry.labels,
      ...(entry.derived.length > 0 ? { derived: entry.derived } : {}),
    };
  }
}

/**
 * Streams a bank as lines of an exchange format (without line breaks). CSV needs its label columns
 * up front, so for CSV the bank is read twice: once for the label names, once for the rows.
 */
export async function* exportBank(
  store: BankStore,
  name: string,
  options: ExportBankOptions,
): AsyncGenerator<string> {
  const bank = await requireBank(store, name);
  let labelColumns: string[] = [];
  if (options.format === 'csv') {
    const names = new Set<string>();
    for await (const entry of pagedEntries(store, bank.id, options))
      for (const label of Object.keys(entry.labels)) names.add(label);
    labelColumns = [...names].sort();
  }
  yield* formatHashList(asListEntries(pagedEntries(store, bank.id, options)), options.format, {
    labelColumns,
  });
}
