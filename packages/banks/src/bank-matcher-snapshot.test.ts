import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHash256 } from '@haechi/hashing';
import { SqliteBankStore, openSqlite } from '@haechi/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BankMatcher, type SnapshotReport } from './bank-matcher.js';
import { createBank } from './create-bank.js';
import { importHashList } from './import-hash-list.js';
import { withdrawSignals } from './withdraw-signals.js';

const AT = '2026-12-06T06:00:00.000Z';
/** A PDQ-shaped hash per number, about 128 bits from any other's. */
const pdq = (n: number) => createHash('sha256').update(String(n)).digest('hex');
const near = (base: number, bits: number) =>
  (BigInt(`0x${pdq(base)}`) ^ ((1n << BigInt(bits)) - 1n)).toString(16).padStart(64, '0');
const MD5 = '900150983cd24fb0d6963f7d28e17f72';
const SHA = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const VPDQ = `0,${pdq(77)},100,0;1,${pdq(78)},100,1`;

let dir: string;
let store: SqliteBankStore;
let snapshot: string;
const opened: BankMatcher[] = [];
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-matcher-snapshot-'));
  store = new SqliteBankStore(openSqlite(join(dir, 'haechi.db')));
  snapshot = join(dir, 'bank-index.snapshot');
  await createBank(store, { name: 'confirmed', createdBy: 'a', at: AT });
  await createBank(store, { name: 'case-1', createdBy: 'a', at: AT });
});
afterEach(async () => {
  for (const m of opened.splice(0)) m.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const add = (bank: string, lines: string[]) =>
  importHashList(store, { bank, lines, source: 't', addedBy: 'a', at: AT });

async function open(write = true, storeOf = store) {
  const reports: SnapshotReport[] = [];
  const matcher = await BankMatcher.open(storeOf, {
    snapshot: { path: snapshot, write },
    onSnapshot: (r) => reports.push(r),
  });
  opened.push(matcher);
  return { matcher, reports };
}

/** What a matcher answers for a fixed set of queries: equal answers, equal indexes. */
function answers(matcher: BankMatcher) {
  return {
    counts: matcher.counts,
    cursor: matcher.cursor,
    near1: matcher.matchPdq(parseHash256(near(1, 10))),
    crop: matcher.matchPdq(parseHash256(near(500, 3))),
    bank2: matcher.matchPdq(parseHash256(pdq(1)), 31, { banks: new Set([2]) }),
    withdrawn: matcher.matchPdq(parseHash256(pdq(2)), 0),
    md5: matcher.matchDigest('md5', MD5),
    sha: matcher.matchDigest('sha256', SHA),
    vpdq: matcher.matchVpdq([
      { frameIndex: 0, timestampSec: 0, hash: parseHash256(pdq(77)), quality: 100 },
      { frameIndex: 1, timestampSec: 1, hash: parseHash256(pdq(78)), quality: 100 },
    ]),
  };
}

async function seed() {
  await add('confirmed', [pdq(1), pdq(2)]);
  await add('case-1', [near(1, 20)]);
  await add('case-1', [`{"signal_type":"md5","signal":"${MD5}"}`]);
  await add('case-1', [`{"signal_type":"sha256","signal":"${SHA}"}`]);
  await add('case-1', [`{"signal_type":"vpdq","signal":"${VPDQ}"}`]);
  await add('confirmed', [
    JSON.stringify({
      signal_type: 'pdq',
      signal: pdq(3),
      derived: [{ crop: 'centre-80', signal: pdq(500) }],
    }),
  ]);
  await withdrawSignals(store, {
    bank: 'confirmed',
    signals: [{ signalType: 'pdq', signal: pdq(2) }],
    at: AT,
  });
}

describe('BankMatcher snapshots', () => {
  it('starts from the snapshot of the last start, then applies the changes made since', async () => {
    await seed();
    const first = await open();
    await vi.waitFor(
      () => expect(first.reports.map((r) => r.event)).toEqual(['refused', 'written']),
      {
        timeout: 10_000,
      },
    );
    expect(first.reports[0]).toMatchObject({ reason: `no snapshot at ${snapshot}` });
    const before = answers(first.matcher);
    expect(before.crop).toEqual([
      { entryId: 7, bankId: 1, signalType: 'pdq', distance: 3, variant: 0, crop: 'centre-80' },
    ]);
    expect(before.vpdq.map((m) => m.entryId)).toEqual([6]);

    // Started again with nothing changed: the same answers, from the file.
    const second = await open();
    expect(second.reports).toMatchObject([{ event: 'loaded', seq: first.matcher.cursor }]);
    expect(answers(second.matcher)).toEqual(before);

    // Changes after the snapshot are read from the feed: an add, a withdrawal of a crop's entry.
    await add('case-1', [near(1, 5)]);
    await withdrawSignals(store, {
      bank: 'confirmed',
      signals: [{ signalType: 'pdq', signal: pdq(3) }],
      at: AT,
    });
    const third = await open(false);
    expect(third.reports.map((r) => r.event)).toEqual(['loaded']);
    const fresh = await BankMatcher.open(store);
    opened.push(fresh);
    expect(answers(third.matcher)).toEqual(answers(fresh));
    expect(answers(third.matcher).crop).toEqual([]);
    // The freed crop slot is reused, as in a matcher that never stopped.
    await add('confirmed', [
      JSON.stringify({
        signal_type: 'pdq',
        signal: pdq(4),
        derived: [{ crop: 'left-90', signal: pdq(600) }],
      }),
    ]);
    await third.matcher.catchUp();
    expect(third.matcher.matchPdq(parseHash256(pdq(600)), 0)).toMatchObject([{ crop: 'left-90' }]);
  });

  it('refuses a snapshot of another database, or a damaged one, and loads the store instead', async () => {
    await seed();
    const first = await open();
    await vi.waitFor(() => expect(first.reports.at(-1)?.event).toBe('written'), {
      timeout: 10_000,
    });
    const expected = answers(first.matcher);

    // Another database whose feed is as long, with other entries.
    const other = new SqliteBankStore(openSqlite(join(dir, 'other.db')));
    try {
      await createBank(other, { name: 'confirmed', createdBy: 'a', at: AT });
      await importHashList(other, {
        bank: 'confirmed',
        lines: Array.from({ length: 8 }, (_, i) => pdq(1000 + i)),
        source: 't',
        addedBy: 'a',
        at: AT,
      });
      const foreign = await open(false, other);
      expect(foreign.reports).toEqual([
        {
          event: 'refused',
          path: snapshot,
          reason: `change ${first.matcher.cursor} of the store is not the snapshot's (another database)`,
        },
      ]);
      expect(foreign.matcher.counts.pdq).toBe(8);
    } finally {
      await other.close();
    }

    const bytes = readFileSync(snapshot);
    bytes[64] = bytes[64] ^ 0xff;
    writeFileSync(snapshot, bytes);
    const damaged = await open(false);
    expect(damaged.reports[0]).toMatchObject({ event: 'refused' });
    expect((damaged.reports[0] as { reason: string }).reason).toMatch(
      /does not match its checksum/,
    );
    expect(answers(damaged.matcher)).toEqual(expected);
  });

  it('writes a new snapshot after the PDQ tables are sealed again', async () => {
    await seed();
    const { matcher, reports } = await open();
    await vi.waitFor(() => expect(reports.at(-1)?.event).toBe('written'), { timeout: 10_000 });
    matcher.follow();
    // More than 4,096 additions: the next query seals them into the tables.
    await add(
      'case-1',
      Array.from({ length: 5000 }, (_, i) => pdq(10_000 + i)),
    );
    await vi.waitFor(() => expect(matcher.counts.pdq).toBe(5003), { timeout: 10_000 });
    expect(matcher.matchPdq(parseHash256(pdq(12_345)), 0)).toHaveLength(1);
    await vi.waitFor(() => expect(reports.filter((r) => r.event === 'written')).toHaveLength(2), {
      timeout: 10_000,
    });
    matcher.stop();
    const again = await open(false);
    expect(again.reports).toMatchObject([{ event: 'loaded', seq: matcher.cursor }]);
    expect(again.matcher.counts.pdq).toBe(5003);
    expect(again.matcher.matchPdq(parseHash256(pdq(12_345)), 0)).toHaveLength(1);
  });
});
