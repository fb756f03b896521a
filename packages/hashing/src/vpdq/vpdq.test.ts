import { describe, expect, it } from 'vitest';
import { seededRandom, randomBytes } from '@haechi/testkit/seeded-random';
import { syntheticImage } from '@haechi/testkit/synthetic-images';
import { hammingDistance, type Hash256 } from '../pdq/hash256.js';
import { computePdq } from '../pdq/pdq-hasher.js';
import { VpdqHasher, computeVpdq, type VideoFrame, type VpdqFeature } from './vpdq-hasher.js';
import { matchVpdq } from './vpdq-match.js';

const random = seededRandom(42);
const randomHash = (): Hash256 => randomBytes(random, 32);

/** A copy of `hash` with `bits` distinct bits flipped. */
function flipBits(hash: Hash256, bits: number): Hash256 {
  const out = Uint8Array.from(hash);
  for (let k = 0; k < bits; k++) out[k] = out[k] ^ 1;
  return out;
}

const feature = (i: number, hash: Hash256, quality = 100): VpdqFeature => ({
  frameIndex: i,
  timestampSec: i,
  hash,
  quality,
});

describe('VpdqHasher', () => {
  const sceneA = syntheticImage(96, 64, 1);
  const sceneB = syntheticImage(96, 64, 3);
  const frames: VideoFrame[] = [sceneA, sceneA, sceneA, sceneB, sceneB, sceneA].map((image, i) => ({
    frameIndex: i * 30,
    timestampSec: i,
    image,
  }));

  it('hashes each frame with PDQ and keeps index and time', () => {
    const features = computeVpdq(frames, { pruneDistance: -1 });
    expect(features).toHaveLength(6);
    expect(features[3]).toEqual({ frameIndex: 90, timestampSec: 3, ...computePdq(sceneB) });
  });

  it('drops consecutive near-identical frames, comparing with the last kept frame', () => {
    const features = computeVpdq(frames);
    expect(features.map((f) => f.frameIndex)).toEqual([0, 90, 150]);
  });

  it('returns null for a pruned frame and the feature for a kept one', () => {
    const hasher = new VpdqHasher();
    expect(hasher.addFrame(frames[0])).not.toBeNull();
    expect(hasher.addFrame(frames[1])).toBeNull();
    expect(hasher.getFeatures()).toHaveLength(1);
  });

  it('rejects a frame with a non-finite timestamp', () => {
    expect(() =>
      new VpdqHasher().addFrame({ frameIndex: 0, timestampSec: NaN, image: sceneA }),
    ).toThrow('frame index must be an integer and timestamp a finite number');
  });
});

describe('matchVpdq', () => {
  const candidate = Array.from({ length: 5 }, (_, i) => feature(i, randomHash()));

  it('matches a query that contains 4 of 5 candidate frames (80 %) plus unrelated frames', () => {
    const query = [
      ...candidate.slice(0, 4).map((f, i) => feature(10 + i, flipBits(f.hash, 31))),
      feature(20, randomHash()),
      feature(21, randomHash()),
    ];
    const result = matchVpdq(query, candidate);
    expect(result.candidateMatchPercent).toBe(80);
    expect(result.queryMatchPercent).toBeCloseTo(400 / 6, 10);
    expect(result.isMatch).toBe(true);
    expect(
      result.framePairs.map((p) => [p.query.frameIndex, p.candidate.frameIndex, p.distance]),
    ).toEqual([
      [10, 0, 31],
      [11, 1, 31],
      [12, 2, 31],
      [13, 3, 31],
    ]);
  });

  it('does not match when only 3 of 5 candidate frames are found (60 %)', () => {
    const result = matchVpdq(candidate.slice(0, 3), candidate);
    expect(result.candidateMatchPercent).toBe(60);
    expect(result.queryMatchPercent).toBe(100);
    expect(result.isMatch).toBe(false);
  });

  it('does not count frames one bit beyond the radius', () => {
    const query = candidate.map((f) => feature(f.frameIndex, flipBits(f.hash, 32)));
    expect(hammingDistance(query[0].hash, candidate[0].hash)).toBe(32);
    expect(matchVpdq(query, candidate).candidateMatchPercent).toBe(0);
    expect(matchVpdq(query, candidate, { distance: 32 }).isMatch).toBe(true);
  });

  it('leaves low-quality frames out of both counts', () => {
    const withBlurry = [...candidate, feature(9, randomHash(), 49), feature(10, randomHash(), 10)];
    const result = matchVpdq(candidate.slice(0, 4), withBlurry);
    expect(result.candidateMatchPercent).toBe(80);
    expect(result.isMatch).toBe(true);
  });

  it('counts identical hashes once', () => {
    const repeated = [...candidate, ...candidate.map((f) => feature(f.frameIndex + 100, f.hash))];
    const result = matchVpdq(candidate.slice(0, 4), repeated);
    expect(result.candidateMatchPercent).toBe(80);
  });

  it('applies both thresholds', () => {
    const query = [
      ...candidate,
      ...Array.from({ length: 5 }, (_, i) => feature(50 + i, randomHash())),
    ];
    expect(matchVpdq(query, candidate).queryMatchPercent).toBe(50);
    expect(matchVpdq(query, candidate, { queryMatchPercent: 60 }).isMatch).toBe(false);
    expect(matchVpdq(query, candidate, { queryMatchPercent: 50 }).isMatch).toBe(true);
  });

  it('never matches an empty side', () => {
    expect(matchVpdq([], candidate)).toEqual({
      isMatch: false,
      queryMatchPercent: 0,
      candidateMatchPercent: 0,
      framePairs: [],
    });
    expect(matchVpdq(candidate, [feature(0, randomHash(), 0)]).isMatch).toBe(false);
  });
});
