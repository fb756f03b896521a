import type { BankStore } from '@haechi/core';
import { formatDeltaChange } from '@haechi/exchange';
import { readDeltaFeed } from '@haechi/banks';

/** The delta feed after `since` as JSON lines, page by page, at most `limit` changes in all. */
export async function* feedLines(
  store: BankStore,
  options: { since: number; limit: number; bank?: string },
): AsyncGenerator<string> {
  let since = options.since;
  let left = options.limit;
  while (left > 0) {
    const page = await readDeltaFeed(store, {
      since,
      limit: Math.min(left, 1000),
      ...(options.bank === undefined ? {} : { bank: options.bank }),
    });
    for (const change of page.changes) yield formatDeltaChange(change);
    left -= page.changes.length;
    since = page.cursor;
    if (!page.more) return;
  }
}
