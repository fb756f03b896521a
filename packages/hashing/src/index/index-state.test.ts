import { describe, expect, it } from 'vitest';
import { randomBytes, seededRandom } from '@haechi/testkit/seeded-random';
import { hammingDistance, type Hash256 } from '../pdq/hash256.js';
import { ExactDigestIndex } from './exact-digest-index.js';
import { PdqIndex, type PdqIndexState } from './pdq-index.js';

/** A copy of a state's arrays, as a snapshot file read back would give. */
function copied(state: PdqIndexState): PdqIndexState {
  return {
    ...state,
    words: state.words.slice(),
    ids: state.ids.slice(),
    alive: state.alive.slice(),
    slotOfId: state.slotOfId.slice(),
    sealed: state.sealed && {
      ...state.sealed,
      offsets: state.sealed.offsets.map((a) => a.slice()),
      postings: state.sealed.postings.map((a) => a.slice()),
    },
  };
}

describe('an index restored from its state', () => {
  // 6,000 hashes sealed, 300 removed, 900 added after the seal (scanned, not yet in the tables).
  const random = seededRandom(41);
  const live = new Map<number, Hash256>();
  const index = new PdqIndex();
  for (let id = 0; id < 6000; id++) {
    const hash = randomBytes(random, 32);
    if (id % 10 === 0 && id > 0) {
      const centre = live.get(id - 1) as Hash256;
      hash.set(centre);
      hash[0] = hash[0] ^ 0x0f;
    }
    index.add(id, hash);
    live.set(id, hash);
  }
  index.seal();
  for (let id = 0; id < 6000; id += 20) {
    index.remove(id);
    live.delete(id);
  }
  for (let id = 10_000; id < 10_900; id++) {
    const hash = randomBytes(random, 32);
    index.add(id, hash);
    live.set(id, hash);
  }

  it('answers every query as the brute-force oracle does, without rebuilding its tables', () => {
    const state = index.state();
    expect(state.sealed?.sealedSize).toBe(6000);
    const restored = PdqIndex.fromState(copied(state));
    expect(restored.count).toBe(live.size);
    expect(restored.seals).toBe(0);
    const queries = [...live.values()].filter((_, i) => i % 97 === 0);
    for (let i = 0; i < 40; i++) queries.push(randomBytes(random, 32));
    for (const query of queries) {
      const oracle = [...live]
        .map(([id, hash]) => ({ id, distance: hammingDistance(hash, query) }))
        .filter((m) => m.distance <= 31)
        .sort((a, b) => a.distance - b.distance || a.id - b.id);
      expect(restored.query(query, 31)).toEqual(oracle);
      expect(restored.lastQueryStats.usedTables).toBe(true);
    }
    // It goes on like the original: adds, removes, seals.
    restored.remove(10_001);
    restored.add(20_000, live.get(10_001) as Hash256);
    expect(restored.query(live.get(10_001) as Hash256, 0)).toEqual([{ id: 20_000, distance: 0 }]);
    restored.seal();
    expect(restored.query(live.get(10_001) as Hash256, 0)).toEqual([{ id: 20_000, distance: 0 }]);
  });

  it('refuses arrays that do not fit together, saying what is wrong', () => {
    const state = copied(index.state());
    expect(() => PdqIndex.fromState({ ...state, liveCount: state.liveCount + 1 })).toThrow(
      `PDQ index state: ${state.liveCount} live hashes where it says ${state.liveCount + 1}`,
    );
    const slotOfId = state.slotOfId.slice();
    slotOfId[0] = 5; // id 0 was removed; now it claims slot 5
    expect(() => PdqIndex.fromState({ ...state, slotOfId })).toThrow(
      `ids claim a slot where ${state.liveCount} are live`,
    );
    const offsets = [...(state.sealed?.offsets ?? [])];
    offsets[3] = offsets[3].subarray(1);
    expect(() =>
      PdqIndex.fromState({ ...state, sealed: state.sealed && { ...state.sealed, offsets } }),
    ).toThrow("PDQ index state: table 3's directory");
    expect(() => PdqIndex.fromState({ ...state, words: state.words.subarray(8) })).toThrow(
      'arrays shorter than its 6900 hashes',
    );
  });

  it('restores a digest index that finds the same ids', () => {
    const digests = new ExactDigestIndex(16, 'MD5');
    const stored = new Map<number, Uint8Array>();
    for (let id = 0; id < 500; id++) {
      const digest = randomBytes(random, 16);
      digests.add(id, digest);
      stored.set(id, digest);
    }
    digests.add(900, stored.get(7) as Uint8Array); // a digest under two ids
    digests.remove(8);
    const state = digests.state();
    const restored = ExactDigestIndex.fromState({
      ...state,
      digests: state.digests.slice(),
      table: state.table.slice(),
    });
    expect(restored.count).toBe(500);
    expect(restored.lookup(stored.get(7) as Uint8Array)).toEqual([7, 900]);
    expect(restored.lookup(stored.get(8) as Uint8Array)).toEqual([]);
    for (const [id, digest] of stored)
      if (id !== 7 && id !== 8) expect(restored.lookup(digest)).toEqual([id]);
    const table = state.table.slice();
    table[table.findIndex((slot) => slot === -1)] = 10_000;
    expect(() => ExactDigestIndex.fromState({ ...state, table })).toThrow(
      'digest index state: table entry',
    );
  });
});
