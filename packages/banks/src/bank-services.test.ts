import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@haechi/core';
import { SqliteBankStore, openSqlite } from '@haechi/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBank } from './create-bank.js';
import { exportBank } from './export-bank.js';
import { importHashList } from './import-hash-list.js';
import { withdrawSignals } from './withdraw-signals.js';

const AT = '2026-11-25T06:00:00.000Z';
const LATER = '2026-11-25T07:00:00.000Z';
const pdq = (n: number) => n.toString(16).padStart(64, '0');
const md5 = (n: number) => n.toString(16).padStart(32, '0');

let dir: string;
let store: SqliteBankStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-banks-'));
  store = new SqliteBankStore(openSqlite(join(dir, 'haechi.db')));
  await createBank(store, { name: 'confirmed', createdBy: 'admin', at: AT });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const importLines = (lines: string[], extra: { skipInvalid?: boolean; bank?: string } = {}) => {
  const skipped: string[] = [];
  return importHashList(store, {
    bank: extra.bank ?? 'confirmed',
    lines,
    source: 'list.csv',
    addedBy: 'admin',
    at: AT,
    skipInvalid: extra.skipInvalid === true,
    onSkipped: (p) => skipped.push(`${p.line}: ${p.message}`),
  }).then((result) => ({ ...result, skippedLines: skipped }));
};
const active = async () =>
  (await store.listEntries(1, { afterId: 0, limit: 100, includeWithdrawn: false })).map(
    (e) => e.signal,
  );

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe('bank names', () => {
  it.each(['', 'Has Caps', '-dash-first', 'a/b', 'x'.repeat(65), '../etc'])(
    'refuses %j',
    async (name) => {
      await expect(createBank(store, { name, createdBy: 'a', at: AT })).rejects.toMatchObject({
        code: 'invalid_bank_name',
      });
    },
  );

  it('names an unknown bank', async () => {
    await expect(importLines([pdq(1)], { bank: 'missing' })).rejects.toThrow(
      new AppError('bank_not_found', 'no bank named "missing"'),
    );
  });
});

describe('importHashList', () => {
  it('imports every row with its labels and source', async () => {
    const result = await importLines([
      'signal_type,signal,category',
      `pdq,${pdq(1)},deepfake`,
      `md5,${md5(2)},`,
    ]);
    expect(result).toEqual({ added: 2, skipped: 0, skippedLines: [] });
    const entries = await store.listEntries(1, { afterId: 0, limit: 10, includeWithdrawn: false });
    expect(entries.map((e) => [e.signalType, e.signal, e.labels, e.source, e.addedBy])).toEqual([
      ['pdq', pdq(1), { category: 'deepfake' }, 'list.csv', 'admin'],
      ['md5', md5(2), {}, 'list.csv', 'admin'],
    ]);
  });

  it('imports nothing when any row is bad, and names every bad line', async () => {
    await importLines([pdq(1)]);
    const refused = importLines([
      'signal_type,signal',
      `pdq,${pdq(2)}`,
      `pdq,${pdq(3).slice(1)}`,
      `sha1,${md5(4)}`,
      `pdq,${pdq(1)}`,
    ]);
    await expect(refused).rejects.toMatchObject({
      code: 'import_rejected',
      message: [
        '3 bad row(s); nothing was imported into "confirmed" (skip them with --skip-invalid):',
        '  line 3: PDQ hash must be 64 hex digits, got 63',
        '  line 4: unknown signal type "sha1"; expected one of pdq, md5, sha256, vpdq',
        `  line 5: pdq ${pdq(1)} is already in the bank`,
      ].join('\n'),
    });
    expect(await active()).toEqual([pdq(1)]);
    expect(await store.latestChangeSeq()).toBe(1);
  });

  it('skips and reports every bad row with skipInvalid', async () => {
    const result = await importLines([pdq(1), 'zz', pdq(1), pdq(2)], { skipInvalid: true });
    expect(result.added).toBe(2);
    expect(result.skipped).toBe(2);
    expect(result.skippedLines).toEqual([
      '2: PDQ hash must be 64 hex digits, got 2',
      `3: pdq ${pdq(1)} is already in the bank`,
    ]);
    expect(await active()).toEqual([pdq(1), pdq(2)]);
  });
});

describe('exportBank', () => {
  beforeEach(async () => {
    await importLines([
      `{"signal_type":"pdq","signal":"${pdq(1)}","labels":{"category":"deepfake","case":"c-1"}}`,
      `{"signal_type":"md5","signal":"${md5(2)}"}`,
      `{"signal_type":"pdq","signal":"${pdq(3)}","labels":{"note":"a, \\"quoted\\" one"}}`,
    ]);
  });

  it('writes CSV with every label as a column, sorted', async () => {
    expect(await collect(exportBank(store, 'confirmed', { format: 'csv' }))).toEqual([
      'signal_type,signal,case,category,note',
      `pdq,${pdq(1)},c-1,deepfake,`,
      `md5,${md5(2)},,,`,
      `pdq,${pdq(3)},,,"a, ""quoted"" one"`,
    ]);
  });

  it('writes hex lines of one signal type and leaves out withdrawn entries unless asked', async () => {
    await withdrawSignals(store, {
      bank: 'confirmed',
      signals: [{ signalType: 'pdq', signal: pdq(1) }],
      at: LATER,
    });
    expect(
      await collect(
        exportBank(store, 'confirmed', { format: 'hex', signalType: 'pdq', pageSize: 1 }),
      ),
    ).toEqual([pdq(3)]);
    expect(
      await collect(
        exportBank(store, 'confirmed', {
          format: 'hex',
          signalType: 'pdq',
          includeWithdrawn: true,
        }),
      ),
    ).toEqual([pdq(1), pdq(3)]);
    await expect(collect(exportBank(store, 'confirmed', { format: 'hex' }))).rejects.toThrow(
      'a hex list holds one signal type; got pdq after md5',
    );
  });

  it('round-trips through JSON lines into another bank', async () => {
    const lines = await collect(exportBank(store, 'confirmed', { format: 'jsonl', pageSize: 2 }));
    await createBank(store, { name: 'copy', createdBy: 'a', at: AT });
    await importLines(lines, { bank: 'copy' });
    const copy = await store.listEntries(2, { afterId: 0, limit: 10, includeWithdrawn: false });
    const original = await store.listEntries(1, {
      afterId: 0,
      limit: 10,
      includeWithdrawn: false,
    });
    expect(copy.map((e) => [e.signalType, e.signal, e.labels])).toEqual(
      original.map((e) => [e.signalType, e.signal, e.labels]),
    );
  });
});

describe('withdrawSignals', () => {
  it('withdraws active signals, says which were not active, and keeps history', async () => {
    await importLines([pdq(1), pdq(2)]);
    const result = await withdrawSignals(store, {
      bank: 'confirmed',
      signals: [
        { signalType: 'PDQ', signal: pdq(1).toUpperCase() },
        { signalType: 'pdq', signal: pdq(9) },
      ],
      at: LATER,
    });
    expect(result.withdrawn.map((e) => [e.signal, e.withdrawnAt])).toEqual([[pdq(1), LATER]]);
    expect(result.notActive).toEqual([{ signalType: 'pdq', signal: pdq(9) }]);
    expect(await active()).toEqual([pdq(2)]);
  });

  it('withdraws nothing when one signal is malformed', async () => {
    await importLines([pdq(1)]);
    await expect(
      withdrawSignals(store, {
        bank: 'confirmed',
        signals: [
          { signalType: 'pdq', signal: pdq(1) },
          { signalType: 'pdq', signal: 'xyz' },
        ],
        at: LATER,
      }),
    ).rejects.toThrow(
      new AppError('invalid_hash', 'signal 2: PDQ hash must be 64 hex digits, got 3'),
    );
    expect(await active()).toEqual([pdq(1)]);
  });
});
