import { describe, expect, it } from 'vitest';
import { randomBytes, seededRandom } from '@haechi/testkit/seeded-random';
import { hammingDistance, type Hash256 } from '../pdq/hash256.js';
import { PdqIndex, type IndexMatch } from './pdq-index.js';

/** The oracle: compare the query with every live entry. */
function bruteForce(
  entries: ReadonlyMap<number, Hash256>,
  query: Hash256,
  radius: number,
): IndexMatch[] {
  return [...entries]
    .map(([id, hash]) => ({ id, distance: hammingDistance(hash, query) }))
    .filter((m) => m.distance <= radius)
    .sort((a, b) => a.distance - b.distance || a.id - b.id);
}

function flipRandomBits(random: () => number, hash: Hash256, bits: number): Hash256 {
  const out = Uint8Array.from(hash);
  const positions = new Set<number>();
  while (positions.size < bits) positions.add(Math.floor(random() * 256));
  for (const p of positions) out[p >> 3] = out[p >> 3] ^ (1 << (p & 7));
  return out;
}

/** Uniform random hashes plus clusters of near-duplicates (0…40 bits from a centre). */
function makeData(
  seed: number,
  uniform: number,
  clusters: number,
  perCluster: number,
): Map<number, Hash256> {
  const random = seededRandom(seed);
  const entries = new Map<number, Hash256>();
  let id = 0;
  for (let i = 0; i < uniform; i++) entries.set(id++, randomBytes(random, 32));
  for (let c = 0; c < clusters; c++) {
    const centre = randomBytes(random, 32);
    for (let i = 0; i < perCluster; i++)
      entries.set(id++, flipRandomBits(random, centre, Math.floor(random() * 41)));
  }
  return entries;
}

/** Queries that land at every distance: near stored hashes (0…70 bits away) and random ones. */
function makeQueries(
  seed: number,
  entries: ReadonlyMap<number, Hash256>,
  count: number,
): Hash256[] {
  const random = seededRandom(seed);
  const stored = [...entries.values()];
  return Array.from({ length: count }, (_, i) =>
    i % 5 === 4
      ? randomBytes(random, 32)
      : flipRandomBits(
          random,
          stored[Math.floor(random() * stored.length)],
          Math.floor(random() * 71),
        ),
  );
}

function buildIndex(
  entries: ReadonlyMap<number, Hash256>,
  substrings?: number,
  scanWhenCheaper = true,
): PdqIndex {
  const index = new PdqIndex({
    ...(substrings === undefined ? {} : { substrings }),
    scanWhenCheaper,
  });
  for (const [id, hash] of entries) index.add(id, hash);
  index.seal();
  return index;
}

describe('PdqIndex ≡ brute force', () => {
  const data = makeData(1, 2000, 30, 40);
  const queries = makeQueries(2, data, 30);

  // Eleven substrings of 23–24 bits probe about 600 000 keys per query at radius 55 and over, so
  // that case asks fewer questions: the same code paths, a third of the suite's slowest test.
  for (const [substrings, asked] of [
    [undefined, 30],
    [11, 10],
    [13, 30],
    [20, 30],
    [32, 30],
  ] as const) {
    it(`agrees on every radius 0…64 (${substrings ?? 'automatic'} substrings, uniform + clustered data)`, () => {
      // Probing forced at every radius: the fallback scan would hide a bug in the tables.
      const index = buildIndex(data, substrings, false);
      const some = queries.slice(0, asked);
      let matched = 0;
      let viaTables = 0;
      for (let radius = 0; radius <= 64; radius++) {
        for (const query of some) {
          const expected = bruteForce(data, query, radius);
          matched += expected.length;
          expect(index.query(query, radius), `radius ${radius}`).toEqual(expected);
          if (index.lastQueryStats.usedTables) viaTables++;
        }
      }
      // The queries really do reach stored hashes (about 170 per query over the 65 radii).
      expect(matched).toBeGreaterThan(150 * some.length);
      expect(viaTables).toBe(65 * some.length);
    });
  }

  it('agrees while hashes are added and removed, sealed or not', () => {
    const random = seededRandom(3);
    const live = new Map<number, Hash256>();
    const index = new PdqIndex();
    const all = [...makeData(4, 6000, 60, 40)];
    let next = 0;
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 700 && next < all.length; i++, next++) {
        const [id, hash] = all[next];
        index.add(id, hash);
        live.set(id, hash);
      }
      for (const id of [...live.keys()].filter(() => random() < 0.1)) {
        expect(index.remove(id)).toBe(true);
        live.delete(id);
      }
      if (round % 3 === 2) index.seal();
      expect(index.count).toBe(live.size);
      for (const query of makeQueries(round + 10, live, 15)) {
        for (const radius of [0, 8, 31, 45])
          expect(index.query(query, radius)).toEqual(bruteForce(live, query, radius));
      }
    }
  });
});

describe('PdqIndex behaviour', () => {
  const random = seededRandom(9);
  const a = randomBytes(random, 32);

  it('verifies only a few candidates at radius 31 instead of scanning', () => {
    const index = buildIndex(makeData(5, 20_000, 0, 0));
    index.query(randomBytes(random, 32), 31);
    expect(index.lastQueryStats.usedTables).toBe(true);
    expect(index.lastQueryStats.verified).toBeLessThan(2000);
  });

  it('finds an exact copy at distance 0 and a near copy at its distance', () => {
    const index = new PdqIndex();
    index.add(5, a);
    index.add(6, flipRandomBits(random, a, 31));
    index.add(7, flipRandomBits(random, a, 32));
    index.seal();
    expect(index.query(a, 31)).toEqual([
      { id: 5, distance: 0 },
      { id: 6, distance: 31 },
    ]);
  });

  it('stops matching a removed id at once and reports unknown ids', () => {
    const index = new PdqIndex();
    index.add(1, a);
    index.seal();
    expect(index.remove(1)).toBe(true);
    expect(index.query(a, 0)).toEqual([]);
    expect(index.remove(1)).toBe(false);
    expect(index.has(1)).toBe(false);
    index.add(1, a); // an id can come back after removal
    expect(index.query(a, 0)).toEqual([{ id: 1, distance: 0 }]);
  });

  it('keeps the same hash under several ids', () => {
    const index = new PdqIndex();
    index.add(2, a);
    index.add(3, a);
    expect(index.query(a, 0)).toEqual([
      { id: 2, distance: 0 },
      { id: 3, distance: 0 },
    ]);
  });

  it('rejects bad ids, duplicate ids and bad radii', () => {
    const index = new PdqIndex();
    index.add(1, a);
    expect(() => index.add(1, a)).toThrow('id 1 is already in the index');
    expect(() => index.add(-1, a)).toThrow('index id must be a whole number 0…2147483647, got -1');
    expect(() => index.add(1.5, a)).toThrow('index id must be a whole number');
    expect(() => index.query(a, 257)).toThrow('radius must be a whole number 0…256, got 257');
    expect(() => index.query(a, -1)).toThrow('radius must be a whole number 0…256, got -1');
    expect(() => new PdqIndex({ substrings: 8 })).toThrow(
      'substring count must be an integer 11…32, got 8',
    );
  });

  it('frees the space of removed hashes when sealing', () => {
    const index = new PdqIndex();
    for (let id = 0; id < 1000; id++) index.add(id, randomBytes(random, 32));
    for (let id = 0; id < 1000; id += 2) index.remove(id);
    index.seal();
    expect(index.count).toBe(500);
    const kept = index.query(a, 256).map((m) => m.id);
    expect(kept).toHaveLength(500);
    expect(kept.every((id) => id % 2 === 1)).toBe(true);
  });
});
