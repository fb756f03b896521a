import { describe, expect, it } from 'vitest';
import { seededRandom } from '@haechi/testkit/seeded-random';
import { torbenMedian } from './torben.js';

const median = (values: number[]): number => torbenMedian(Float32Array.from(values));

describe('Torben median (reference selection rule)', () => {
  it('returns the lower middle for an even count, not the mean of the middle two', () => {
    expect(median([1, 2, 3, 4])).toBe(2);
    expect(median([6, 5, 4, 3, 2, 1])).toBe(3);
  });

  it('returns the guess itself when it lands on an element', () => {
    expect(median([3, 1, 2])).toBe(2);
  });

  it('returns the smallest value above the guess when fewer than half are at or below it', () => {
    expect(median([1, 5, 6])).toBe(5);
  });

  it('handles all-equal values (the degenerate hash of a flat image)', () => {
    expect(median([7, 7, 7, 7])).toBe(7);
  });

  it('equals the 128th smallest of 256 distinct values, as the reference does', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const values = Float32Array.from({ length: 256 }, () => (random() - 0.5) * 1000);
      const sorted = Array.from(values).sort((a, b) => a - b);
      expect(torbenMedian(values)).toBe(sorted[127]);
    }
  });
});
