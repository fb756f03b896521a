import { describe, expect, it } from 'vitest';
import { classifierMetrics } from './classifier-metrics.js';

const ex = (score: number, positive: boolean) => ({ score, positive });

describe('classifierMetrics', () => {
  it('gives 1 for a perfect ranking, 0 for a reversed one, 0.5 for all ties', () => {
    expect(classifierMetrics([ex(0.9, true), ex(0.8, true), ex(0.1, false)], 0.5)).toEqual({
      positives: 2,
      negatives: 1,
      rocAuc: 1,
      threshold: 0.5,
      precision: 1,
      recall: 1,
      falsePositiveRate: 0,
    });
    expect(classifierMetrics([ex(0.1, true), ex(0.9, false)], 0.5).rocAuc).toBe(0);
    expect(classifierMetrics([ex(0.5, true), ex(0.5, false)], 0.5).rocAuc).toBe(0.5);
  });

  it('counts pairs exactly (3 of 4 positive–negative pairs ordered right)', () => {
    const m = classifierMetrics(
      [ex(0.9, true), ex(0.3, true), ex(0.5, false), ex(0.1, false)],
      0.4,
    );
    expect([m.rocAuc, m.precision, m.recall, m.falsePositiveRate]).toEqual([0.75, 0.5, 0.5, 0.5]);
  });

  it('says null where a figure is undefined', () => {
    expect(classifierMetrics([ex(0.2, false)], 0.5)).toMatchObject({
      rocAuc: null,
      precision: null,
      recall: null,
      falsePositiveRate: 0,
    });
  });
});
