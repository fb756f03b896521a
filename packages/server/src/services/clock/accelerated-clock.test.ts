import { describe, expect, it } from 'vitest';
import { acceleratedClock } from './accelerated-clock.js';

describe('acceleratedClock', () => {
  it('starts at the real time and runs rate times faster from there', () => {
    let real = Date.parse('2026-12-05T09:00:00.000Z');
    const now = acceleratedClock(60, () => real);
    expect(now().toISOString()).toBe('2026-12-05T09:00:00.000Z');
    real += 60_000; // one real minute is an hour
    expect(now().toISOString()).toBe('2026-12-05T10:00:00.000Z');
    real += 23 * 60_000; // a 24-hour deadline passes in 24 real minutes
    expect(now().toISOString()).toBe('2026-12-06T09:00:00.000Z');
  });

  it('keeps real time at rate 1 and refuses a rate that is not positive', () => {
    let real = 1_000;
    const now = acceleratedClock(1, () => real);
    real += 5;
    expect(now().getTime()).toBe(1_005);
    expect(() => acceleratedClock(0)).toThrow('clock rate 0 is not > 0');
    expect(() => acceleratedClock(Number.NaN)).toThrow('clock rate NaN is not > 0');
  });
});
