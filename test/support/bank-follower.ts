// A screening process in miniature, for the change-feed test: it opens the data folder's store,
// builds a BankMatcher, follows the change feed, and answers each PDQ hex line on stdin with one
// JSON line of the bank entry ids that match it.
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { BankMatcher } from '@haechi/banks';
import { parseHash256 } from '@haechi/hashing';
import { SqliteBankStore, openSqlite } from '@haechi/store';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: bank-follower DATA_DIR');
const store = new SqliteBankStore(openSqlite(join(dataDir, 'haechi.db')));
const matcher = await BankMatcher.open(store, { intervalMs: 100 });
matcher.follow();
process.stdout.write(`${JSON.stringify({ ready: true, cursor: matcher.cursor })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const ids = matcher.matchPdq(parseHash256(line.trim())).map((m) => m.entryId);
  process.stdout.write(`${JSON.stringify({ ids, cursor: matcher.cursor })}\n`);
}
matcher.stop();
await store.close();
