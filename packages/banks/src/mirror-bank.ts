import { AppError, type BankStore, type MirroredChange } from '@haechi/core';
import type { DeltaFeedChange } from '@haechi/exchange';
import { requireBank } from './bank-name.js';
import type { DeltaFeedPage } from './read-delta-feed.js';

export interface MirrorResult {
  readonly added: number;
  readonly withdrawn: number;
  /** Changes at or below the stored cursor: applied by an earlier run, so passed over. */
  readonly alreadyApplied: number;
  readonly cursor: number;
}

export interface ApplyDeltaFeedInput {
  /** The local bank that mirrors the source. */
  readonly bank: string;
  /** Names the source (a URL, another instance's name): each source keeps its own cursor. */
  readonly source: string;
  readonly changes: AsyncIterable<DeltaFeedChange> | Iterable<DeltaFeedChange>;
  /** Only changes of this source bank (a feed of all banks carries every bank's changes). */
  readonly fromBank?: string;
  readonly addedBy: string;
  readonly at: string;
  /** Changes per transaction (default 1000). */
  readonly pageSize?: number;
}

/**
 * Applies a delta feed to a local bank, a page per transaction together with the cursor, so an
 * interrupted run resumes where it stopped and a feed applied twice changes nothing the second time.
 * The feed's `seq` must increase strictly (AppError `invalid_input` otherwise; earlier pages stay).
 */
export async function applyDeltaFeed(
  store: BankStore,
  input: ApplyDeltaFeedInput,
): Promise<MirrorResult> {
  const bank = await requireBank(store, input.bank);
  const pageSize = input.pageSize ?? 1000;
  let cursor = await store.getMirrorCursor(bank.id, input.source);
  let lastSeq = 0;
  let added = 0;
  let withdrawn = 0;
  let alreadyApplied = 0;
  let page: MirroredChange[] = [];
  let pageCursor = cursor;
  const flush = async (): Promise<void> => {
    if (pageCursor === cursor) return;
    const done = await store.applyMirrorPage(bank.id, input.source, page, pageCursor, {
      addedBy: input.addedBy,
      at: input.at,
    });
    added += done.added;
    withdrawn += done.withdrawn;
    cursor = pageCursor;
    page = [];
  };
  for await (const change of input.changes) {
    if (change.seq <= lastSeq) {
      throw new AppError(
        'invalid_input',
        `the feed goes back from seq ${lastSeq} to ${change.seq}; a delta feed is in commit order`,
      );
    }
    lastSeq = change.seq;
    if (change.seq <= cursor) {
      alreadyApplied++;
      continue;
    }
    if (input.fromBank === undefined || change.bank === input.fromBank) {
      page.push({
        kind: change.op,
        signalType: change.signalType,
        signal: change.signal,
        labels: change.labels,
      });
    }
    pageCursor = change.seq;
    if (page.length >= pageSize) await flush();
  }
  await flush();
  return { added, withdrawn, alreadyApplied, cursor };
}

/**
 * Mirrors a remote bank by pulling its delta feed from the stored cursor until it is exhausted.
 * `fetchPage` is the transport (HTTP client, file, another store): this function only maps pages
 * onto the local bank.
 */
export async function mirrorBank(
  store: BankStore,
  input: Omit<ApplyDeltaFeedInput, 'changes'> & {
    fetchPage: (since: number) => Promise<DeltaFeedPage>;
  },
): Promise<MirrorResult> {
  const bank = await requireBank(store, input.bank);
  const total = { added: 0, withdrawn: 0, alreadyApplied: 0 };
  let since = await store.getMirrorCursor(bank.id, input.source);
  for (;;) {
    const page = await input.fetchPage(since);
    const done = await applyDeltaFeed(store, { ...input, changes: page.changes });
    total.added += done.added;
    total.withdrawn += done.withdrawn;
    total.alreadyApplied += done.alreadyApplied;
    // The page's cursor may pass changes the source could not express in the feed.
    since = Math.max(done.cursor, page.cursor);
    if (!page.more || page.changes.length === 0) break;
  }
  return { ...total, cursor: since };
}
