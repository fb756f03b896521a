import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, type BankStore, type NewBankEntry } from '@haechi/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from './sqlite/open-sqlite.js';
import { SqliteBankStore } from './sqlite/sqlite-bank-store.js';
import { PostgresBankStore } from './postgres/postgres-bank-store.js';
import { BACKENDS, type Backend } from './test-backends.js';

const AT = '2026-11-25T06:00:00.000Z';
const LATER = '2026-11-25T07:00:00.000Z';
const hex = (n: number, digits = 64) => n.toString(16).padStart(digits, '0');
const entry = (n: number, extra: Partial<NewBankEntry> = {}): NewBankEntry => ({
  signalType: 'pdq',
  signal: hex(n),
  labels: { category: 'test' },
  source: 'unit test',
  caseId: null,
  ...extra,
});
async function* rows<T>(items: T[], failAt = -1): AsyncGenerator<T> {
  for (const [i, item] of items.entries()) {
    if (i === failAt) throw new Error('the source failed');
    yield item;
  }
}
const refuseDuplicates = (row: NewBankEntry) => {
  throw new AppError('import_rejected', `duplicate ${row.signal}`);
};

/** The same contract on both backends (see test-backends.ts). */
const bankStoreOn = async (backend: Backend) => {
  const { connection: c, dispose } = await backend.open();
  const store: BankStore =
    c.kind === 'sqlite'
      ? new SqliteBankStore(c.db, () => undefined)
      : new PostgresBankStore(c.pool, async () => undefined);
  return { store, dispose };
};

describe.each(BACKENDS)('the bank store on $name', (backend) => {
  let store: BankStore;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, dispose } = await bankStoreOn(backend));
  });
  afterEach(() => dispose());

  it('creates banks with unique names', async () => {
    const bank = await store.createBank({
      name: 'confirmed',
      description: 'KCSC decisions',
      createdBy: 'admin',
      at: AT,
    });
    expect(bank).toEqual({
      id: 1,
      name: 'confirmed',
      description: 'KCSC decisions',
      createdBy: 'admin',
      createdAt: AT,
    });
    await expect(
      store.createBank({ name: 'confirmed', description: '', createdBy: 'x', at: AT }),
    ).rejects.toThrow(new AppError('bank_exists', 'a bank named "confirmed" already exists'));
    expect(await store.getBankByName('confirmed')).toEqual(bank);
    expect(await store.getBankByName('missing')).toBeNull();
  });

  it('imports rows in one transaction and records one change each', async () => {
    const bank = await store.createBank({ name: 'b', description: '', createdBy: 'a', at: AT });
    expect(
      await store.importEntries(
        bank.id,
        rows([entry(1), entry(2, { signalType: 'md5', signal: hex(2, 32) })]),
        { addedBy: 'alice', at: AT },
        refuseDuplicates,
      ),
    ).toBe(2);
    const entries = await store.listEntries(bank.id, {
      afterId: 0,
      limit: 10,
      includeWithdrawn: false,
    });
    expect(entries[1]).toEqual({
      id: 2,
      bankId: bank.id,
      signalType: 'md5',
      signal: hex(2, 32),
      labels: { category: 'test' },
      source: 'unit test',
      caseId: null,
      addedBy: 'alice',
      addedAt: AT,
      withdrawnAt: null,
      derived: [],
    });
    expect((await store.changesSince(0, 10)).map((c) => [c.seq, c.kind, c.entry.id])).toEqual([
      [1, 'add', 1],
      [2, 'add', 2],
    ]);
    expect(await store.latestChangeSeq()).toBe(2);
  });

  it('writes nothing when a duplicate is refused or the source fails half-way', async () => {
    const bank = await store.createBank({ name: 'b', description: '', createdBy: 'a', at: AT });
    await store.importEntries(
      bank.id,
      rows([entry(1)]),
      { addedBy: 'a', at: AT },
      refuseDuplicates,
    );
    await expect(
      store.importEntries(
        bank.id,
        rows([entry(2), entry(1), entry(3)]),
        { addedBy: 'a', at: AT },
        refuseDuplicates,
      ),
    ).rejects.toThrow(`duplicate ${hex(1)}`);
    await expect(
      store.importEntries(
        bank.id,
        rows([entry(4), entry(5)], 1),
        { addedBy: 'a', at: AT },
        refuseDuplicates,
      ),
    ).rejects.toThrow('the source failed');
    expect(
      (await store.listEntries(bank.id, { afterId: 0, limit: 10, includeWithdrawn: true })).map(
        (e) => e.signal,
      ),
    ).toEqual([hex(1)]);
    expect(await store.latestChangeSeq()).toBe(1);
  });

  it('skips duplicates when told to, including repeats within one import', async () => {
    const bank = await store.createBank({ name: 'b', description: '', createdBy: 'a', at: AT });
    const skipped: string[] = [];
    const added = await store.importEntries(
      bank.id,
      rows([entry(1), entry(1), entry(2)]),
      { addedBy: 'a', at: AT },
      (row) => skipped.push(row.signal),
    );
    expect([added, skipped]).toEqual([2, [hex(1)]]);
  });

  it("keeps a picture's derived crop hashes with its entry: listed, in the feed, withdrawn with it", async () => {
    const bank = await store.createBank({ name: 'b', description: '', createdBy: 'a', at: AT });
    const derived = [
      { crop: 'centre-90', signal: hex(0x90) },
      { crop: 'left-90', signal: hex(0x85) },
    ];
    await store.importEntries(
      bank.id,
      rows([entry(1, { derived }), entry(2)]),
      { addedBy: 'a', at: AT },
      refuseDuplicates,
    );
    expect(
      (await store.listActiveEntries({ afterId: 0, limit: 10 })).map((e) => e.derived),
    ).toEqual([derived, []]);
    expect((await store.changesSince(0, 10))[0].entry.derived).toEqual(derived);
    const [withdrawn] = await store.withdrawSignals(
      bank.id,
      [{ signalType: 'pdq', signal: hex(1) }],
      LATER,
    );
    expect(withdrawn.derived).toEqual(derived);
    expect((await store.changesSince(2, 10)).map((c) => [c.kind, c.entry.derived])).toEqual([
      ['withdraw', derived],
    ]);
    // One item, not three: a bank's counts never include the crops.
    expect((await store.listBanks()).map((b) => [b.activeEntries, b.withdrawnEntries])).toEqual([
      [1, 1],
    ]);
  });

  it('withdraws without deleting, stops listing the entry as active, and allows it back later', async () => {
    const bank = await store.createBank({ name: 'b', description: '', createdBy: 'a', at: AT });
    await store.importEntries(
      bank.id,
      rows([entry(1), entry(2)]),
      { addedBy: 'a', at: AT },
      refuseDuplicates,
    );
    const withdrawn = await store.withdrawSignals(
      bank.id,
      [
        { signalType: 'pdq', signal: hex(1) },
        { signalType: 'pdq', signal: hex(9) },
      ],
      LATER,
    );
    expect(withdrawn.map((e) => [e.id, e.withdrawnAt])).toEqual([[1, LATER]]);
    expect((await store.listActiveEntries({ afterId: 0, limit: 10 })).map((e) => e.id)).toEqual([
      2,
    ]);
    expect(
      (await store.listEntries(bank.id, { afterId: 0, limit: 10, includeWithdrawn: true })).map(
        (e) => e.withdrawnAt,
      ),
    ).toEqual([LATER, null]);
    expect(
      (await store.changesSince(2, 10)).map((c) => [
        c.seq,
        c.kind,
        c.entry.id,
        c.entry.withdrawnAt,
      ]),
    ).toEqual([[3, 'withdraw', 1, LATER]]);
    await store.importEntries(
      bank.id,
      rows([entry(1)]),
      { addedBy: 'a', at: LATER },
      refuseDuplicates,
    );
    expect((await store.listActiveEntries({ afterId: 0, limit: 10 })).map((e) => e.signal)).toEqual(
      [hex(2), hex(1)],
    );
  });

  it('pages entries, counts per bank, and filters the feed by bank', async () => {
    const a = await store.createBank({ name: 'a', description: '', createdBy: 'x', at: AT });
    const b = await store.createBank({ name: 'b', description: '', createdBy: 'x', at: AT });
    await store.importEntries(
      a.id,
      rows([1, 2, 3, 4, 5].map((n) => entry(n))),
      { addedBy: 'x', at: AT },
      refuseDuplicates,
    );
    await store.importEntries(b.id, rows([entry(6)]), { addedBy: 'x', at: AT }, refuseDuplicates);
    await store.withdrawSignals(a.id, [{ signalType: 'pdq', signal: hex(5) }], LATER);
    expect(
      (await store.listEntries(a.id, { afterId: 2, limit: 2, includeWithdrawn: false })).map(
        (e) => e.id,
      ),
    ).toEqual([3, 4]);
    expect(
      (await store.listBanks()).map((s) => [s.name, s.activeEntries, s.withdrawnEntries]),
    ).toEqual([
      ['a', 4, 1],
      ['b', 1, 0],
    ]);
    expect((await store.changesSince(0, 10, b.id)).map((c) => c.entry.signal)).toEqual([hex(6)]);
  });

  it('reads entries by id, withdrawn ones included, leaving out unknown ids', async () => {
    const bank = await store.createBank({ name: 'b', description: '', createdBy: 'a', at: AT });
    await store.importEntries(
      bank.id,
      rows([entry(1), entry(2), entry(3)]),
      { addedBy: 'a', at: AT },
      refuseDuplicates,
    );
    await store.withdrawSignals(bank.id, [{ signalType: 'pdq', signal: hex(3) }], LATER);
    expect((await store.getEntries([3, 99, 1])).map((e) => [e.id, e.withdrawnAt])).toEqual([
      [1, null],
      [3, LATER],
    ]);
    expect(await store.getEntries([])).toEqual([]);
  });

  it('applies a mirrored page and its cursor together, keyed by signal', async () => {
    const bank = await store.createBank({ name: 'm', description: '', createdBy: 'a', at: AT });
    expect(await store.getMirrorCursor(bank.id, 'peer')).toBe(0);
    const add = (n: number) =>
      ({ kind: 'add', signalType: 'pdq', signal: hex(n), labels: { from: 'peer' } }) as const;
    expect(
      await store.applyMirrorPage(bank.id, 'peer', [add(1), add(2), add(1)], 3, {
        addedBy: 'mirror',
        at: AT,
      }),
    ).toEqual({ added: 2, withdrawn: 0 });
    expect(
      await store.applyMirrorPage(
        bank.id,
        'peer',
        [
          { ...add(1), kind: 'withdraw' },
          { ...add(7), kind: 'withdraw' },
        ],
        5,
        { addedBy: 'mirror', at: LATER },
      ),
    ).toEqual({ added: 0, withdrawn: 1 });
    expect(await store.getMirrorCursor(bank.id, 'peer')).toBe(5);
    expect(await store.getMirrorCursor(bank.id, 'other peer')).toBe(0);
    expect((await store.changesSince(0, 10)).map((c) => [c.kind, c.entry.signal])).toEqual([
      ['add', hex(1)],
      ['add', hex(2)],
      ['withdraw', hex(1)],
    ]);
  });
});

describe('the bank store on SQLite, on disk', () => {
  let dir: string;
  let path: string;
  let store: SqliteBankStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'haechi-store-'));
    path = join(dir, 'haechi.db');
    store = new SqliteBankStore(openSqlite(path));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps everything on disk and migrates once however often it is opened', async () => {
    const bank = await store.createBank({ name: 'kept', description: '', createdBy: 'x', at: AT });
    await store.importEntries(
      bank.id,
      rows([entry(1)]),
      { addedBy: 'x', at: AT },
      refuseDuplicates,
    );
    await store.close();
    const db = openSqlite(path);
    store = new SqliteBankStore(openSqlite(path));
    expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([
      { version: 1, name: 'banks' },
      { version: 2, name: 'bank mirror cursors' },
      { version: 3, name: 'organisations, users, keys, sessions, screenings' },
      { version: 4, name: 'asynchronous screening jobs and webhook secrets' },
      { version: 5, name: 'audit log' },
      { version: 6, name: 'jobs' },
      { version: 7, name: 'cases, platform domains, notices' },
      { version: 8, name: 'review queue' },
      { version: 9, name: 'platform webhook URLs' },
      { version: 10, name: 'evidence' },
      { version: 11, name: "counsellors' case notes" },
      { version: 12, name: 'monitors' },
      { version: 13, name: 'victims banks without case codes' },
      { version: 14, name: 'attempt counters' },
      { version: 15, name: 'derived crop hashes' },
      { version: 16, name: 'screenings awaiting their detectors' },
    ]);
    db.close();
    expect((await store.listActiveEntries({ afterId: 0, limit: 10 })).map((e) => e.signal)).toEqual(
      [hex(1)],
    );
  });
});
