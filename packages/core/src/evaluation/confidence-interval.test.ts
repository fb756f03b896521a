import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './confidence-interval.js';

describe('wilsonInterval', () => {
  it('matches the textbook values', () => {
    // 81 of 263 (Wilson 1927 style worked example): 0.2553…0.3662.
    const { low, high } = wilsonInterval(81, 263);
    expect(low).toBeCloseTo(0.2553, 4);
    expect(high).toBeCloseTo(0.3662, 4);
  });

  it('bounds a rate never observed, and one always observed', () => {
    expect(wilsonInterval(0, 720).low).toBe(0);
    expect(wilsonInterval(0, 720).high).toBeCloseTo(0.00531, 5);
    expect(wilsonInterval(60, 60).high).toBe(1);
    expect(wilsonInterval(60, 60).low).toBeCloseTo(0.9398, 4);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });
});
