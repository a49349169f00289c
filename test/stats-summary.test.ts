import { describe, expect, it } from 'vitest';

import { summarize } from '../ts/stats/summary.js';

describe('summarize', () => {
  it('gives the hand-computed statistics of 1, 2, 3, 4, 5', () => {
    const s = summarize([5, 1, 4, 2, 3]);
    expect(s.count).toBe(5);
    expect(s.mean).toBe(3);
    expect(s.median).toBe(3);
    expect(s.min).toBe(1);
    expect(s.max).toBe(5);
    // Squared deviations 4 + 1 + 0 + 1 + 4 = 10, over n − 1 = 4: variance 2.5.
    expect(s.standardDeviation).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(s.coefficientOfVariation).toBeCloseTo(Math.sqrt(2.5) / 3, 12);
    // Standard error √2.5 / √5 = √0.5; t(0.975, 4) = 2.776445 (tables): half-width 1.963243.
    expect(s.standardError).toBeCloseTo(Math.SQRT1_2, 12);
    expect(s.ci95!.lower).toBeCloseTo(3 - 1.963243, 5);
    expect(s.ci95!.upper).toBeCloseTo(3 + 1.963243, 5);
    // |x − 3| = 2, 2, 1, 1, 0: median 1.
    expect(s.medianAbsoluteDeviation).toBe(1);
    expect(s.outliers).toEqual([false, false, false, false, false]);
  });

  it('flags a value whose modified z-score exceeds 3.5, in input order', () => {
    // Median 10; |x − 10| = 0, 1, 1, 0, 0, 20: MAD 0.5. For 30: 0.6745 × 20 / 0.5 = 26.98 > 3.5; for 11: 1.35.
    const s = summarize([10, 11, 9, 10, 10, 30]);
    expect(s.median).toBe(10);
    expect(s.medianAbsoluteDeviation).toBe(0.5);
    expect(s.outliers).toEqual([false, false, false, false, false, true]);
  });

  it('flags values off the median when more than half are equal (MAD 0)', () => {
    expect(summarize([7, 7, 7, 7, 9]).outliers).toEqual([false, false, false, false, true]);
  });

  it('has no interval for one value', () => {
    const s = summarize([4]);
    expect(s.standardDeviation).toBe(0);
    expect(s.ci95).toBeNull();
    expect(s.outliers).toEqual([false]);
  });

  it('refuses an empty series', () => {
    expect(() => summarize([])).toThrow(/at least one value/);
  });
});
