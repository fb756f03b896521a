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

const image = (
  dihedral: string[],
  quality = 100,
  regions: Array<{ region: { x: number; y: number; w: number; h: number }; hashes: string[] }> = [],
): HashedMedia => ({
  kind: 'image',
  image: NO_PIXELS,
  dihedral: dihedral.map((h) => parseHash256(h)),
  pdq: dihedral[0] ?? '0'.repeat(64),
  quality,
  regions: regions.map((r) => ({ ...r, hashes: r.hashes.map((h) => parseHash256(h)), quality })),
  md5: MD5,
  sha256: SHA,
});
const unrelated = [3, 4, 5, 6, 7, 8, 9, 10].map(hex);
const frame = (i: number, hash: string, quality = 100): VpdqFeature => ({
  frameIndex: i,
  timestampSec: i,
  hash: parseHash256(hash),
  quality,
});
/** A video whose sampled frames are these (each frame's dihedral: its hash, then unrelated ones). */
const video = (frames: VpdqFeature[]): HashedMedia => ({
  kind: 'video',
  frames,
  sampled: frames.map((f) => ({
    timestampSec: f.timestampSec,
    dihedral: f.quality >= 50 ? [f.hash, ...unrelated.slice(1).map((h) => parseHash256(h))] : [],
    regions: [],
  })),
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

  it('matches an image by a content region when the whole does not, and says which region', () => {
    const region = { x: 20, y: 20, w: 481, h: 321 };
    const framed = image(unrelated, 100, [
      {
        region: { x: 0, y: 14, w: 720, h: 760 },
        hashes: unrelated.map((h, i) => (i ? h : hex(11))),
      },
      { region, hashes: [hex(3), near(2, 6), ...unrelated.slice(2)] },
    ]);
    expect(matchHashedMedia(matcher, framed)).toEqual([
      { entryId: 2, bankId: photos, signalType: 'pdq', distance: 6, variant: 1, region },
      { entryId: 3, bankId: digests, signalType: 'md5', distance: 0, variant: 0 },
    ]);
    // The whole image matching as well as a region: the closer one is reported (here the whole).
    const both = image([near(2, 2), ...unrelated.slice(1)], 100, [
      { region, hashes: [near(2, 6), ...unrelated.slice(1)] },
    ]);
    expect(matchHashedMedia(matcher, both, new Set([photos]))).toEqual([
      { entryId: 2, bankId: photos, signalType: 'pdq', distance: 2, variant: 0 },
    ]);
  });

  it('matches no PDQ of an image too flat to hash reliably (no dihedral hashes), digests still', () => {
    expect(matchHashedMedia(matcher, image([], 10)).map((m) => m.signalType)).toEqual(['md5']);
  });

  it("matches a video's frames against image banks: the closest frame per entry, the segments where it holds, none of too little quality", () => {
    const frames = [
      frame(0, near(1, 20)),
      frame(1, near(1, 4)), // the closest to entry 1
      frame(2, hex(2), 20), // exact, but too flat a frame to trust
      frame(3, hex(10)),
      frame(4, near(1, 8)),
      frame(5, hex(11)),
    ];
    expect(matchHashedMedia(matcher, video(frames))).toEqual([
      {
        entryId: 1,
        bankId: photos,
        signalType: 'pdq',
        distance: 4,
        variant: 0,
        frameTimestampSec: 1,
        segments: [
          { startSec: 0, endSec: 2, distance: 4 },
          { startSec: 4, endSec: 5, distance: 8 },
        ],
      },
    ]);
  });
});
