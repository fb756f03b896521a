// The change-feed bench's other process: a BankMatcher following the store's change feed as a
// server does (HAECHI_BANK_POLL_MS's default interval), answering each PDQ hex line on stdin with
// one line, "1" when the hash matches a bank entry and "0" when it does not.
import { createInterface } from 'node:readline';
import { BankMatcher } from '@haechi/banks';
import { parseHash256 } from '@haechi/hashing';
import { SqliteBankStore, openSqlite } from '@haechi/store';

const [databaseFile, interval] = process.argv.slice(2);
if (!databaseFile || !interval) throw new Error('usage: change-feed-follower DB_FILE INTERVAL_MS');
const store = new SqliteBankStore(openSqlite(databaseFile));
const matcher = await BankMatcher.open(store, { intervalMs: Number(interval) });
matcher.follow();
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin }))
  process.stdout.write(matcher.matchPdq(parseHash256(line.trim())).length ? '1\n' : '0\n');
matcher.stop();
await store.close();
