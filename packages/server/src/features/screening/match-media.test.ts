import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BankMatcher, createBank, importHashList } from '@haechi/banks';
import { parseHash256, type VpdqFeature } from '@haechi/hashing';
import { SqliteBankStore, openSqlite } from '@haechi/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes, seededRandom } from '@haechi/testkit/seeded-random';
import type { HashedMedia } from './hash-media.js';
import { matchHashedMedia } from './match-media.js';

const AT = '2026-12-05T09:00:00.000Z';
// Random hashes: any two are about 128 bits apart, far outside the match radius.
const random = seededRandom(5);
const hashes = Array.from({ length: 12 }, () =>
  Buffer.from(randomBytes(random, 32)).toString('hex'),
);
const hex = (n: number) => hashes[n];
/** Hash `n` with its lowest `bits` bits flipped: `bits` away from it. */
const near = (n: number, bits: number) =>
  (BigInt(`0x${hex(n)}`) ^ ((1n << BigInt(bits)) - 1n)).toString(16).padStart(64, '0');
const MD5 = '900150983cd24fb0d6963f7d28e17f72';
const SHA = 'ab'.repeat(32);
const NO_PIXELS = { width: 1, height: 1, channels: 3 as const, data: new Uint8Array(3) };

const image = (dihedral: string[], quality = 100): HashedMedia => ({
  kind: 'image',
  image: NO_PIXELS,
  dihedral: dihedral.map((h) => parseHash256(h)),
  pdq: dihedral[0] ?? '0'.repeat(64),
  quality,
  md5: MD5,
  sha256: SHA,
});
const frame = (i: number, hash: string, quality = 100): VpdqFeature => ({
  frameIndex: i,
  timestampSec: i,
  hash: parseHash256(hash),
  quality,
});
const video = (frames: VpdqFeature[]): HashedMedia => ({
  kind: 'video',
  frames,
  images: [],
  md5: 'cd'.repeat(16),
  sha256: 'ef'.repeat(32),
});

let dir: string;
let store: SqliteBankStore;
let matcher: BankMatcher;
let photos: number;
let digests: number;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'haechi-match-media-'));
  store = new SqliteBankStore(openSqlite(join(dir, 'haechi.db')));
  photos = (await createBank(store, { name: 'photos', createdBy: 't', at: AT })).id;
  digests = (await createBank(store, { name: 'digests', createdBy: 't', at: AT })).id;
  const add = (bank: string, lines: string[]) =>
    importHashList(store, { bank, lines, source: 't', addedBy: 't', at: AT });
  await add('photos', [hex(1), hex(2)]);
  await add('digests', [JSON.stringify({ signal_type: 'md5', signal: MD5 })]);
  matcher = await BankMatcher.open(store);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('matchHashedMedia, the one rule for uploads and for checking a removal', () => {
  it('matches an image by any dihedral hash within the radius, and by its digests', () => {
    const variants = [hex(3), hex(4), near(1, 12), hex(5), hex(6), hex(7), hex(8), hex(9)];
    expect(matchHashedMedia(matcher, image(variants))).toEqual([
      { entryId: 1, bankId: photos, signalType: 'pdq', distance: 12, variant: 2 },
      { entryId: 3, bankId: digests, signalType: 'md5', distance: 0, variant: 0 },
    ]);
    // Only the banks asked for.
    expect(matchHashedMedia(matcher, image(variants), new Set([digests]))).toEqual([
      { entryId: 3, bankId: digests, signalType: 'md5', distance: 0, variant: 0 },
    ]);
  });

  it('matches no PDQ of an image too flat to hash reliably (no dihedral hashes), digests still', () => {
    expect(matchHashedMedia(matcher, image([], 10)).map((m) => m.signalType)).toEqual(['md5']);
  });

  it("matches a video's frames against image banks: the closest frame per entry, none of too little quality", () => {
    const frames = [
      frame(0, near(1, 20)),
      frame(1, near(1, 4)), // the closest to entry 1
      frame(2, hex(2), 20), // exact, but too flat a frame to trust
      frame(3, hex(10)),
    ];
    expect(matchHashedMedia(matcher, video(frames))).toEqual([
      {
        entryId: 1,
        bankId: photos,
        signalType: 'pdq',
        distance: 4,
        variant: 0,
        frameTimestampSec: 1,
      },
    ]);
  });
});
