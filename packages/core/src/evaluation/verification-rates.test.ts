import { describe, expect, it } from 'vitest';
import { tarAtFar } from './verification-rates.js';

describe('tarAtFar', () => {
  const impostors = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
  it('sets the threshold just above the impostor scores it must reject', () => {
    const at10 = tarAtFar([0.85, 0.92, 0.97, 0.99], impostors, 0.1);
    expect([at10.far, at10.tar]).toEqual([0.1, 0.75]);
    expect(at10.threshold).toBeGreaterThan(0.9);
    expect(at10.threshold).toBeLessThan(0.9000001);
    const at0 = tarAtFar([0.85, 0.92, 0.97, 0.99], impostors, 0);
    expect([at0.far, at0.tar]).toEqual([0, 0.5]);
  });
  it('accepts everything when the allowed rate covers every impostor', () => {
    expect(tarAtFar([0.1], [0.5], 1)).toEqual({
      threshold: Number.NEGATIVE_INFINITY,
      tar: 1,
      far: 1,
    });
  });
});
