import { describe, expect, it } from 'vitest';
import { randomBytes, seededRandom } from '@haechi/testkit/seeded-random';
import type { Hash256 } from '../pdq/hash256.js';
import type { VpdqFeature } from '../vpdq/vpdq-hasher.js';
import { matchVpdq } from '../vpdq/vpdq-match.js';
import { VpdqIndex } from './vpdq-index.js';

const random = seededRandom(21);
const feature = (i: number, hash: Hash256, quality = 100): VpdqFeature => ({
  frameIndex: i,
  timestampSec: i,
  hash,
  quality,
});
const nudge = (hash: Hash256, bits: number): Hash256 => {
  const out = Uint8Array.from(hash);
  for (let k = 0; k < bits; k++) out[k] = out[k] ^ 1;
  return out;
};
const randomVideo = (frames: number) =>
  Array.from({ length: frames }, (_, i) =>
    feature(i, randomBytes(random, 32), 40 + Math.floor(random() * 61)),
  );

describe('VpdqIndex', () => {
  // 60 stored videos; queries are re-encodes (frames nudged), excerpts, and unrelated videos.
  const stored = new Map<number, VpdqFeature[]>();
  for (let id = 0; id < 60; id++) stored.set(id, randomVideo(5 + Math.floor(random() * 20)));
  const index = new VpdqIndex();
  for (const [id, features] of stored) index.add(id, features);

  const queries: VpdqFeature[][] = [];
  for (const features of [...stored.values()].slice(0, 20)) {
    queries.push(
      features.map((f) =>
        feature(f.frameIndex, nudge(f.hash, Math.floor(random() * 40)), f.quality),
      ),
    );
    queries.push(features.slice(0, Math.ceil(features.length * random())));
  }
  for (let i = 0; i < 10; i++) queries.push(randomVideo(10));

  it('finds exactly the videos a comparison with every stored video finds', () => {
    let found = 0;
    for (const query of queries) {
      const expected = [...stored]
        .map(([videoId, features]) => ({ videoId, ...matchVpdq(query, features) }))
        .filter((m) => m.isMatch)
        .sort((a, b) => b.candidateMatchPercent - a.candidateMatchPercent || a.videoId - b.videoId);
      expect(index.query(query)).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(10);
  });

  it('stops matching a removed video', () => {
    const local = new VpdqIndex();
    const video = randomVideo(8).map((f) => feature(f.frameIndex, f.hash, 100));
    local.add(9, video);
    expect(local.query(video).map((m) => m.videoId)).toEqual([9]);
    expect(local.remove(9)).toBe(true);
    expect(local.query(video)).toEqual([]);
    expect(local.remove(9)).toBe(false);
    expect(() => {
      local.add(3, video);
      local.add(3, video);
    }).toThrow('video 3 is already in the index');
  });
});
