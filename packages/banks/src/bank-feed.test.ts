import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@haechi/core';
import type { DeltaFeedChange } from '@haechi/exchange';
import { SqliteBankStore, openSqlite } from '@haechi/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBank } from './create-bank.js';
import { importHashList } from './import-hash-list.js';
import { applyDeltaFeed, mirrorBank } from './mirror-bank.js';
import { readDeltaFeed } from './read-delta-feed.js';
import { withdrawSignals } from './withdraw-signals.js';

const AT = '2026-11-25T06:00:00.000Z';
const LATER = '2026-11-25T07:00:00.000Z';
const pdq = (n: number) => n.toString(16).padStart(64, '0');

let dir: string;
let source: SqliteBankStore;
let mirror: SqliteBankStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-feed-'));
  // Two instances, each with its own database: the source and a mirror of one of its banks.
  source = new SqliteBankStore(openSqlite(join(dir, 'source.db')));
  mirror = new SqliteBankStore(openSqlite(join(dir, 'mirror.db')));
  for (const name of ['confirmed', 'other'])
    await createBank(source, { name, createdBy: 'admin', at: AT });
  await createBank(mirror, { name: 'kr-confirmed', createdBy: 'admin', at: AT });
});
afterEach(async () => {
  await source.close();
  await mirror.close();
  rmSync(dir, { recursive: true, force: true });
});

const add = (bank: string, lines: string[]) =>
  importHashList(source, { bank, lines, source: 'test', addedBy: 'a', at: AT });
const withdraw = (bank: string, n: number) =>
  withdrawSignals(source, { bank, signals: [{ signalType: 'pdq', signal: pdq(n) }], at: LATER });
const mirrored = async () =>
  (await mirror.listEntries(1, { afterId: 0, limit: 100, includeWithdrawn: false })).map(
    (e) => e.signal,
  );

describe('readDeltaFeed', () => {
  it('gives adds and withdrawals in commit order, keyed by signal, with a cursor', async () => {
    await add('confirmed', [pdq(1), pdq(2)]);
    await add('other', [pdq(3)]);
    await withdraw('confirmed', 1);
    const all = await readDeltaFeed(source, { since: 0 });
    expect(all.changes.map((c) => [c.seq, c.op, c.bank, c.signal, c.at])).toEqual([
      [1, 'add', 'confirmed', pdq(1), AT],
      [2, 'add', 'confirmed', pdq(2), AT],
      [3, 'add', 'other', pdq(3), AT],
      [4, 'withdraw', 'confirmed', pdq(1), LATER],
    ]);
    expect([all.cursor, all.more]).toEqual([4, false]);

    const page = await readDeltaFeed(source, { since: 1, limit: 2 });
    expect([page.changes.map((c) => c.seq), page.cursor, page.more]).toEqual([[2, 3], 3, true]);
    const one = await readDeltaFeed(source, { since: 0, bank: 'confirmed' });
    expect(one.changes.map((c) => c.seq)).toEqual([1, 2, 4]);
    expect(await readDeltaFeed(source, { since: 4 })).toEqual({
      changes: [],
      cursor: 4,
      more: false,
    });
  });
});

describe('mirrorBank', () => {
  const pull = () =>
    mirrorBank(mirror, {
      bank: 'kr-confirmed',
      source: 'haechi://source',
      fromBank: 'confirmed',
      addedBy: 'mirror',
      at: LATER,
      fetchPage: (since) => readDeltaFeed(source, { since, limit: 2 }),
    });

  it('copies one bank, follows its withdrawals, and resumes from its checkpoint', async () => {
    await add('confirmed', [pdq(1), pdq(2), pdq(3)]);
    await add('other', [pdq(7)]);
    expect(await pull()).toEqual({ added: 3, withdrawn: 0, alreadyApplied: 0, cursor: 4 });
    expect(await mirrored()).toEqual([pdq(1), pdq(2), pdq(3)]);

    await withdraw('confirmed', 2);
    await add('confirmed', [pdq(4)]);
    expect(await pull()).toEqual({ added: 1, withdrawn: 1, alreadyApplied: 0, cursor: 6 });
    expect(await mirrored()).toEqual([pdq(1), pdq(3), pdq(4)]);
    expect(await pull()).toEqual({ added: 0, withdrawn: 0, alreadyApplied: 0, cursor: 6 });
    expect(await mirror.getMirrorCursor(1, 'haechi://source')).toBe(6);
    const entry = (
      await mirror.listEntries(1, { afterId: 0, limit: 1, includeWithdrawn: true })
    )[0];
    expect([entry.source, entry.addedBy]).toEqual(['haechi://source', 'mirror']);
  });

  it('applies a feed file twice without applying a change twice', async () => {
    await add('confirmed', [pdq(1), pdq(2)]);
    await withdraw('confirmed', 1);
    const { changes } = await readDeltaFeed(source, { since: 0 });
    const apply = (list: readonly DeltaFeedChange[]) =>
      applyDeltaFeed(mirror, {
        bank: 'kr-confirmed',
        source: 'file',
        changes: list,
        addedBy: 'm',
        at: LATER,
        pageSize: 1,
      });
    expect(await apply(changes)).toEqual({ added: 2, withdrawn: 1, alreadyApplied: 0, cursor: 3 });
    expect(await apply(changes)).toEqual({ added: 0, withdrawn: 0, alreadyApplied: 3, cursor: 3 });
    expect(await mirrored()).toEqual([pdq(2)]);
  });

  it('refuses a feed out of order, keeping the pages before it', async () => {
    await add('confirmed', [pdq(1), pdq(2)]);
    const { changes } = await readDeltaFeed(source, { since: 0 });
    await expect(
      applyDeltaFeed(mirror, {
        bank: 'kr-confirmed',
        source: 'file',
        changes: [changes[1], changes[0]],
        addedBy: 'm',
        at: LATER,
        pageSize: 1,
      }),
    ).rejects.toThrow(
      new AppError(
        'invalid_input',
        'the feed goes back from seq 2 to 1; a delta feed is in commit order',
      ),
    );
    expect(await mirror.getMirrorCursor(1, 'file')).toBe(2);
    expect(await mirrored()).toEqual([pdq(2)]);
  });
});
