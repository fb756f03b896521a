import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHash256 } from '@haechi/hashing';
import { SqliteBankStore, openSqlite } from '@haechi/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BankMatcher } from './bank-matcher.js';
import { createBank } from './create-bank.js';
import { importHashList } from './import-hash-list.js';
import { withdrawSignals } from './withdraw-signals.js';

const AT = '2026-11-25T06:00:00.000Z';
const pdq = (n: number) => n.toString(16).padStart(64, '0');
/** `base` with its lowest `bits` bits flipped: at Hamming distance `bits` from it. */
const near = (base: number, bits: number) =>
  (BigInt(`0x${pdq(base)}`) ^ ((1n << BigInt(bits)) - 1n)).toString(16).padStart(64, '0');
const MD5 = '900150983cd24fb0d6963f7d28e17f72';

let dir: string;
let path: string;
let writer: SqliteBankStore;
let reader: SqliteBankStore;
let matcher: BankMatcher | undefined;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-matcher-'));
  path = join(dir, 'haechi.db');
  // Two connections to one database file, as two processes would have.
  writer = new SqliteBankStore(openSqlite(path));
  reader = new SqliteBankStore(openSqlite(path));
  await createBank(writer, { name: 'confirmed', createdBy: 'a', at: AT });
  await createBank(writer, { name: 'case-1', createdBy: 'a', at: AT });
});
afterEach(async () => {
  matcher?.stop();
  matcher = undefined;
  await writer.close();
  await reader.close();
  rmSync(dir, { recursive: true, force: true });
});

const add = (bank: string, lines: string[]) =>
  importHashList(writer, { bank, lines, source: 't', addedBy: 'a', at: AT });
const withdraw = (bank: string, signal: string) =>
  withdrawSignals(writer, { bank, signals: [{ signalType: 'pdq', signal }], at: AT });

describe('BankMatcher', () => {
  it('loads the active entries of every bank and matches within the radius', async () => {
    await add('confirmed', [pdq(1), pdq(2)]);
    await add('case-1', [near(1, 20)]);
    await add('case-1', [`{"signal_type":"md5","signal":"${MD5}"}`]);
    await withdraw('confirmed', pdq(2));
    matcher = await BankMatcher.open(reader, { pageSize: 2 });
    expect(matcher.counts).toEqual({ derivedPdq: 0, pdq: 2, md5: 1, sha256: 0, vpdq: 0 });
    expect(matcher.cursor).toBe(5);
    expect(matcher.matchPdq(parseHash256(near(1, 10)))).toEqual([
      { entryId: 1, bankId: 1, signalType: 'pdq', distance: 10, variant: 0 },
      { entryId: 3, bankId: 2, signalType: 'pdq', distance: 10, variant: 0 },
    ]);
    expect(matcher.matchPdq(parseHash256(near(1, 10)), 9)).toEqual([]);
    expect(matcher.matchPdq(parseHash256(pdq(2)), 0)).toEqual([]);
    expect(
      matcher.matchPdq(parseHash256(pdq(1)), 31, { banks: new Set([2]) }).map((m) => m.entryId),
    ).toEqual([3]);
    expect(matcher.matchDigest('md5', MD5.toUpperCase())).toEqual([
      { entryId: 4, bankId: 2, signalType: 'md5', distance: 0, variant: 0 },
    ]);
    expect(matcher.matchDigest('sha256', '0'.repeat(64))).toEqual([]);
  });

  it('matches any of the eight dihedral hashes and says which', async () => {
    await add('confirmed', [pdq(5)]);
    matcher = await BankMatcher.open(reader);
    const variants = [7, 8, 9, near(5, 3), 10, 11, 12, 13].map((v) =>
      parseHash256(typeof v === 'number' ? pdq(v * 1000) : v),
    );
    expect(matcher.matchPdq(variants)).toEqual([
      { entryId: 1, bankId: 1, signalType: 'pdq', distance: 3, variant: 3 },
    ]);
  });

  it("applies another connection's additions and withdrawals from the change feed", async () => {
    matcher = await BankMatcher.open(reader);
    expect(matcher.matchPdq(parseHash256(pdq(9)))).toEqual([]);
    await add('case-1', [pdq(9)]);
    expect(await matcher.catchUp()).toBe(1);
    expect(matcher.matchPdq(parseHash256(pdq(9))).map((m) => m.bankId)).toEqual([2]);
    await withdraw('case-1', pdq(9));
    await add('case-1', [pdq(9)]);
    await withdraw('case-1', pdq(9));
    expect(await matcher.catchUp()).toBe(3);
    expect(matcher.matchPdq(parseHash256(pdq(9)))).toEqual([]);
    expect(matcher.cursor).toBe(4);
  });

  it("matches an entry by its crops' hashes as the entry itself, naming the crop, until it is withdrawn", async () => {
    // Far from the entry's own hash and from each other (128 bits).
    const crops = [
      { crop: 'centre-90', signal: 'ff'.repeat(32) },
      { crop: 'centre-80', signal: 'f0'.repeat(32) },
    ];
    const nearCentre80 = `${'f0'.repeat(31)}8f`; // 7 bits from it
    await add('confirmed', [
      JSON.stringify({ signal_type: 'pdq', signal: pdq(5), derived: crops }),
    ]);
    matcher = await BankMatcher.open(reader);
    expect(matcher.counts).toMatchObject({ pdq: 1, derivedPdq: 2 });
    expect(matcher.matchPdq(parseHash256(nearCentre80))).toEqual([
      { entryId: 1, bankId: 1, signalType: 'pdq', distance: 7, variant: 0, crop: 'centre-80' },
    ]);
    // The entry's own hash closer than a crop's: the entry matches as itself.
    expect(matcher.matchPdq(parseHash256(pdq(5)))).toEqual([
      { entryId: 1, bankId: 1, signalType: 'pdq', distance: 0, variant: 0 },
    ]);
    await withdraw('confirmed', pdq(5));
    await matcher.catchUp();
    expect(matcher.matchPdq(parseHash256(nearCentre80))).toEqual([]);
    expect(matcher.counts).toMatchObject({ pdq: 0, derivedPdq: 0 });
    // Added again later (its crops' slots reused): it matches by them again.
    await add('confirmed', [
      JSON.stringify({ signal_type: 'pdq', signal: pdq(5), derived: crops }),
    ]);
    await matcher.catchUp();
    expect(matcher.matchPdq(parseHash256('ff'.repeat(32))).map((m) => [m.entryId, m.crop])).toEqual(
      [[2, 'centre-90']],
    );
  });

  it('matches stored videos by the vPDQ rule and drops a withdrawn one', async () => {
    // Frames far apart (128 bits between any two), so each query frame has one partner.
    const frameHex = ['1', '2', '4'].map((digit) => digit.repeat(64));
    const frames = frameHex.map((hex, i) => `${i},${hex},100,${i}`).join(';');
    await add('confirmed', [JSON.stringify({ signal_type: 'vpdq', signal: frames })]);
    matcher = await BankMatcher.open(reader);
    const query = frameHex.map((hex, i) => ({
      frameIndex: i,
      timestampSec: i,
      hash: parseHash256(`${hex.slice(0, 62)}${hex[0] === '1' ? 'ee' : '00'}`),
      quality: 100,
    }));
    expect(matcher.matchVpdq(query)).toEqual([
      { entryId: 1, bankId: 1, signalType: 'vpdq', distance: 0, variant: 0 },
    ]);
    expect(matcher.matchVpdq(query.slice(0, 2))).toEqual([]);
    await withdrawSignals(writer, {
      bank: 'confirmed',
      signals: [{ signalType: 'vpdq', signal: frames }],
      at: AT,
    });
    await matcher.catchUp();
    expect(matcher.matchVpdq(query)).toEqual([]);
  });

  it('follows the feed on its own', async () => {
    matcher = await BankMatcher.open(reader, { intervalMs: 50 });
    matcher.follow();
    await add('confirmed', [pdq(4)]);
    // Nobody calls catchUp: the timer does. The wait's ceiling is not a speed requirement.
    const live = matcher;
    await vi.waitUntil(() => live.matchPdq(parseHash256(pdq(4))).length > 0, {
      timeout: 50_000,
      interval: 10,
    });
    expect(matcher.counts.pdq).toBe(1);
  });
});
