// The ratio of two mean times and its interval, pinned to values worked out by hand (and checked with
// python3's numpy and scipy.stats.t, an independent implementation of the t quantile).
import { describe, expect, it } from 'vitest';

import { independentRatio, moreSamplesFor, pairedRatio, projectedLogHalfWidth } from '../ts/stats/ratio.js';

describe('independentRatio', () => {
  it('gives the ratio of means with a delta-method interval on its log', () => {
    // cv² / n: 2.5/9/5 and 10/36/5, both 1/18; df = (1/9)² / (2 (1/18)² / 4) = 8; t(0.975, 8) = 2.306004.
    // Half-width 2.306004 × √(1/9) = 0.768668; interval 2 · exp(∓0.768668) = 0.92726 .. 4.31378.
    const c = independentRatio([1, 2, 3, 4, 5], [2, 4, 6, 8, 10], 'runs');
    expect(c.ratio).toBe(2);
    expect(c.df).toBeCloseTo(8, 12);
    expect(c.logStandardError).toBeCloseTo(1 / 3, 12);
    expect(c.ci95.lower).toBeCloseTo(0.92726, 4);
    expect(c.ci95.upper).toBeCloseTo(4.31378, 4);
    expect(c).toMatchObject({ basis: 'runs', baselineCount: 5, otherCount: 5, unitLogVariance: { kind: 'independent' } });
  });

  it('has Welch–Satterthwaite degrees of freedom when the spreads differ', () => {
    // Run means 1.0, 1.1, 0.9, 1.05, 0.95 and 1.2, 1.3, 1.1, 1.25, 1.15: cv² 0.00625 and 0.00434028;
    // over n = 5: 0.00125 and 0.000868; df = (0.00125 + 0.000868)² / ((0.00125² + 0.000868²) / 4) = 7.748048;
    // se = √0.0021181 = 0.0460223; scipy's t.ppf(0.975, 7.748048) → interval 1.0785204 .. 1.3351625.
    const c = independentRatio([1.0, 1.1, 0.9, 1.05, 0.95], [1.2, 1.3, 1.1, 1.25, 1.15], 'runs');
    expect(c.ratio).toBeCloseTo(1.2, 12);
    expect(c.df).toBeCloseTo(7.748048, 5);
    expect(c.logStandardError).toBeCloseTo(0.0460223, 6);
    expect(c.ci95.lower).toBeCloseTo(1.0785204, 5);
    expect(c.ci95.upper).toBeCloseTo(1.3351625, 5);
  });

  it('is the reciprocal the other way round', () => {
    const there = independentRatio([0.98, 0.99, 1, 1.01, 1.02], [1.176, 1.188, 1.2, 1.212, 1.224], 'repetitions');
    const back = independentRatio([1.176, 1.188, 1.2, 1.212, 1.224], [0.98, 0.99, 1, 1.01, 1.02], 'repetitions');
    expect(back.ratio).toBeCloseTo(1 / there.ratio, 12);
    expect(back.ci95.lower).toBeCloseTo(1 / there.ci95.upper, 12);
  });

  it('needs two positive values on each side', () => {
    expect(() => independentRatio([1], [1, 2], 'runs')).toThrow(/at least two values for baseline/);
    expect(() => independentRatio([1, 2], [0, 0], 'runs')).toThrow(/positive mean for other/);
  });
});

describe('pairedRatio', () => {
  it('takes the spread from the rounds, so what a round shares cancels', () => {
    // Means 2.5 and 2.8: R = 1.12. z = o/2.8 − b/2.5 = −0.0071429, 0.0214286, −0.0571429, 0.0428571;
    // var(z) = 0.00187075, se = √(0.00187075 / 4) = 0.0216261, df 3, t(0.975, 3) = 3.182446:
    // 1.12 · exp(∓0.0688235) = 1.0455101 .. 1.1997972.
    const c = pairedRatio([1, 2, 3, 4], [1.1, 2.3, 3.2, 4.6]);
    expect(c.ratio).toBeCloseTo(1.12, 12);
    expect(c.df).toBe(3);
    expect(c.logStandardError).toBeCloseTo(0.0216261, 6);
    expect(c.ci95.lower).toBeCloseTo(1.0455101, 6);
    expect(c.ci95.upper).toBeCloseTo(1.1997972, 6);
    expect(c).toMatchObject({ basis: 'paired-rounds', baselineCount: 4, otherCount: 4 });
    // The same values unpaired: the rounds' common trend (1, 2, 3, 4) counts as noise and swamps the ratio.
    const unpaired = independentRatio([1, 2, 3, 4], [1.1, 2.3, 3.2, 4.6], 'runs');
    expect(unpaired.ci95.upper - unpaired.ci95.lower).toBeGreaterThan(10 * (c.ci95.upper - c.ci95.lower));
  });

  it('refuses rounds that do not pair up', () => {
    expect(() => pairedRatio([1, 2, 3], [1, 2])).toThrow(/as many rounds/);
  });
});

describe('projecting more samples', () => {
  const c = pairedRatio([1, 2, 3, 4], [1.1, 2.3, 3.2, 4.6]);

  it('shrinks the half-width with the t quantile and √n', () => {
    // Unit variance 0.00187075; 6 more rounds: n = 10, df 9, t = 2.262157: 2.262157 · √(0.00187075 / 10) = 0.0309405.
    expect(projectedLogHalfWidth(c, 0)).toBeCloseTo(3.182446 * 0.0216261, 5);
    expect(projectedLogHalfWidth(c, 6)).toBeCloseTo(0.0309405, 6);
  });

  it('finds the fewest more samples that reach a half-width', () => {
    // Half-width with 3 more rounds (n = 7, t(0.975, 6) = 2.446912): 0.0400016; with 4 more (n = 8, t = 2.364624): 0.0361597.
    expect(projectedLogHalfWidth(c, 3)).toBeCloseTo(0.0400016, 6);
    expect(projectedLogHalfWidth(c, 4)).toBeCloseTo(0.0361597, 6);
    expect(moreSamplesFor(c, 0.0362, 1000)).toBe(4);
    expect(moreSamplesFor(c, 0.0361, 1000)).toBe(5);
    expect(moreSamplesFor(c, 0.0001, 1000)).toBeNull();
    expect(moreSamplesFor(c, 0, 1000)).toBeNull();
  });
});
