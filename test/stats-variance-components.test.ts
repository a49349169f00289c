// Between runs vs within a run, pinned to values worked out by hand (and checked with python3's
// scipy.stats.f_oneway, which gives the same F and p).
import { describe, expect, it } from 'vitest';

import {
  fUpperTail,
  isUnstable,
  optimalRepetitionsPerRun,
  varianceComponents,
  type VarianceComponents,
} from '../ts/stats/variance-components.js';

describe('varianceComponents', () => {
  it('splits three runs of three repetitions', () => {
    // Each run's repetitions vary by 1 about its mean: within 1. Run means 2, 5, 8 about 5: MSB = 3 (9 + 0 + 9) / 2 = 27.
    // Between = (27 − 1) / 3 = 8.6667; share 8.6667 / 9.6667 = 0.896552; F = 27 on (2, 6):
    // for 2 numerator df, P(F ≥ f) = (1 + 2f/6)^(−3) = 10^(−3).
    const c = varianceComponents([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ])!;
    expect(c.runs).toBe(3);
    expect(c.repetitions).toBe(9);
    expect(c.repetitionsPerRun).toBe(3);
    expect(c.withinVariance).toBeCloseTo(1, 12);
    expect(c.betweenMeanSquare).toBeCloseTo(27, 12);
    expect(c.betweenVariance).toBeCloseTo(26 / 3, 12);
    expect(c.betweenShare).toBeCloseTo(0.896552, 6);
    expect(c.f).toBeCloseTo(27, 12);
    expect(c.p).toBeCloseTo(0.001, 12);
  });

  it('adjusts for runs of unequal length', () => {
    // Runs 1,2 | 3,5,7 | 10: means 1.5, 5, 10, grand mean 28/6. Within (0.5 + 8 + 0) / 3 = 2.833333;
    // MSB = (2 · 3.166667² + 3 · 0.333333² + 5.333333²) / 2 = 24.416667; n₀ = (6 − 14/6) / 2 = 1.833333;
    // between (24.416667 − 2.833333) / 1.833333 = 11.772727; F = 8.617647, p = 0.0570844 (scipy).
    const c = varianceComponents([[1, 2], [3, 5, 7], [10]])!;
    expect(c.repetitionsPerRun).toBeCloseTo(1.833333, 6);
    expect(c.withinVariance).toBeCloseTo(2.833333, 6);
    expect(c.betweenMeanSquare).toBeCloseTo(24.416667, 6);
    expect(c.betweenVariance).toBeCloseTo(11.772727, 6);
    expect(c.f).toBeCloseTo(8.617647, 6);
    expect(c.p).toBeCloseTo(0.0570844, 6);
  });

  it('finds no between-run variance when the run means agree, and none below zero', () => {
    const c = varianceComponents([
      [10, 10.2, 9.8],
      [10.1, 9.9, 10.0],
    ])!;
    expect(c.betweenMeanSquare).toBeCloseTo(0, 12);
    expect(c.betweenVariance).toBe(0);
    expect(c.betweenShare).toBe(0);
    expect(c.p).toBe(1);
  });

  it('needs two runs and a run with two repetitions', () => {
    expect(varianceComponents([[1, 2, 3]])).toBeNull();
    expect(varianceComponents([[1], [2], [3]])).toBeNull();
    // Repetitions that agree exactly while runs differ: F is infinite.
    expect(
      varianceComponents([
        [1, 1],
        [2, 2],
      ]),
    ).toMatchObject({ withinVariance: 0, f: Infinity, p: 0 });
  });
});

describe('fUpperTail', () => {
  it('matches closed forms', () => {
    // F(2, d2): P(F ≥ f) = (1 + 2f/d2)^(−d2/2). F(1, 1) is the square of a Cauchy variable: P(F ≥ 1) = 1/2.
    expect(fUpperTail(3, 2, 10)).toBeCloseTo((1 + 0.6) ** -5, 12);
    expect(fUpperTail(1, 1, 1)).toBeCloseTo(0.5, 12);
    expect(fUpperTail(0, 3, 4)).toBe(1);
  });
});

describe('the budget between runs and repetitions', () => {
  const components = (withinVariance: number, betweenVariance: number): VarianceComponents => ({
    runs: 5,
    repetitions: 50,
    repetitionsPerRun: 10,
    withinVariance,
    betweenMeanSquare: 10 * betweenVariance + withinVariance,
    betweenVariance,
    betweenShare: betweenVariance / (betweenVariance + withinVariance),
    f: (10 * betweenVariance + withinVariance) / withinVariance,
    p: 0,
  });

  it('is √((c_run / c_rep) · (T1² / T2²)) repetitions per run, rounded up, at least 2', () => {
    // 2 s per run over 0.1 s per repetition = 20; × T1²/T2² = 1/0.01: √2000 = 44.72 → 45.
    expect(optimalRepetitionsPerRun(components(1, 0.01), 0.1, 2)).toBe(45);
    // √(20 · 1/8.6667) = 1.52 → 2.
    expect(optimalRepetitionsPerRun(components(1, 26 / 3), 0.1, 2)).toBe(2);
    // Runs that cost nothing extra: one repetition each would do, but 2 keep the within-run spread measurable.
    expect(optimalRepetitionsPerRun(components(1, 1), 0.1, 0)).toBe(2);
    expect(optimalRepetitionsPerRun(components(1, 0), 0.1, 2)).toBeNull();
  });

  it('calls runs unstable when they vary 10× beyond their repetitions by 1 % of the mean or more', () => {
    // F = (10 · 0.04 + 0.01) / 0.01 = 41; between sd 0.2 = 2 % of a mean of 10.
    expect(isUnstable(components(0.01, 0.04), 10)).toBe(true);
    // The same spread around a mean of 100 is 0.2 %: not worth a warning.
    expect(isUnstable(components(0.01, 0.04), 100)).toBe(false);
    // F = (10 · 0.0008 + 0.001) / 0.001 = 9: below 10, although the between sd (0.028) is 2.8 % of 1.
    expect(isUnstable(components(0.001, 0.0008), 1)).toBe(false);
  });
});
