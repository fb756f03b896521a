import type { BankChange, BankStore } from '@haechi/core';
import { isSignalType, type DeltaFeedChange } from '@haechi/exchange';
import { requireBank } from './bank-name.js';

export interface DeltaFeedPage {
  readonly changes: readonly DeltaFeedChange[];
  /** Pass as `since` to read on; equals `since` when there was nothing new. */
  readonly cursor: number;
  /** True when the page was full: more changes may follow at once. */
  readonly more: boolean;
}

export const MAX_DELTA_PAGE = 10_000;

/**
 * The changes after cursor `since`, of one bank or of all, in commit order: what a mirror (another
 * Haechi instance, a platform) applies to keep its copy of a bank current. Keyed by signal, so
 * withdrawals reach mirrors whose ids differ.
 */
export async function readDeltaFeed(
  store: BankStore,
  options: { since: number; limit?: number; bank?: string },
): Promise<DeltaFeedPage> {
  const limit = Math.min(Math.max(1, options.limit ?? 1000), MAX_DELTA_PAGE);
  const only = options.bank === undefined ? undefined : await requireBank(store, options.bank);
  const names = new Map<number, string>();
  if (only) names.set(only.id, only.name);
  else for (const bank of await store.listBanks()) names.set(bank.id, bank.name);
  const changes = await store.changesSince(options.since, limit, only?.id);
  if (changes.some((c) => !names.has(c.entry.bankId))) {
    // A bank created since listBanks ran: read the names again.
    for (const bank of await store.listBanks()) names.set(bank.id, bank.name);
  }
  return {
    changes: changes.flatMap((change) => toFeedChange(change, names)),
    cursor: changes.length > 0 ? changes[changes.length - 1].seq : options.since,
    more: changes.length === limit,
  };
}

function toFeedChange(change: BankChange, names: ReadonlyMap<number, string>): DeltaFeedChange[] {
  const { entry } = change;
  if (!isSignalType(entry.signalType)) return [];
  return [
    {
      seq: change.seq,
      op: change.kind,
      bank: names.get(entry.bankId) ?? String(entry.bankId),
      signalType: entry.signalType,
      signal: entry.signal,
      labels: entry.labels,
      at: change.kind === 'withdraw' ? (entry.withdrawnAt ?? entry.addedAt) : entry.addedAt,
    },
  ];
}
