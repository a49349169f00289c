import { describe, expect, it } from 'vitest';

import { compareMeans, summarize, welchTest } from '../ts/stats/summary.js';
import { studentTCdf, studentTDensity, studentTQuantile, studentTTwoSidedP } from '../ts/stats/student-t.js';

describe('Student t', () => {
  // Two-sided 95 % critical values from printed t tables.
  it.each([
    [1, 12.7062],
    [2, 4.3027],
    [4, 2.7764],
    [9, 2.2622],
    [10, 2.2281],
    [30, 2.0423],
    [1000, 1.9623],
  ])('t(0.975, %d) = %f', (df, value) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(value, 4);
    expect(studentTQuantile(0.025, df)).toBeCloseTo(-value, 4);
  });

  it('has the CDF of the Cauchy distribution at df 1 and a 5 % two-sided tail at the critical value', () => {
    // df = 1 is Cauchy: F(t) = 1/2 + atan(t)/π.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
    expect(studentTCdf(-3, 1)).toBeCloseTo(0.5 + Math.atan(-3) / Math.PI, 12);
    expect(studentTTwoSidedP(2.2622, 9)).toBeCloseTo(0.05, 4);
    expect(studentTTwoSidedP(0, 5)).toBe(1);
  });

  it('has the density of the Cauchy distribution at df 1', () => {
    // 1 / (π (1 + t²)).
    expect(studentTDensity(0, 1)).toBeCloseTo(1 / Math.PI, 12);
    expect(studentTDensity(2, 1)).toBeCloseTo(1 / (5 * Math.PI), 12);
  });

  it('refuses impossible arguments', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTCdf(1, 0)).toThrow(RangeError);
  });
});

describe('comparing two series', () => {
  const baseline = summarize([1, 2, 3, 4, 5]);
  const other = summarize([2, 4, 6, 8, 10]);

  it("runs Welch's test with Welch–Satterthwaite degrees of freedom", () => {
    // Variances 2.5 and 10 over n = 5: 0.5 and 2. t = 3 / √2.5; df = 2.5² / (0.5²/4 + 2²/4) = 6.25 / 1.0625.
    const test = welchTest(baseline, other);
    expect(test.t).toBeCloseTo(3 / Math.sqrt(2.5), 12);
    expect(test.df).toBeCloseTo(6.25 / 1.0625, 12);
    // p between the table's 10 % (t = 1.943 at df 6) and 20 % points, near 0.1075.
    expect(test.p).toBeCloseTo(0.10753, 4);
  });

  it('gives the ratio of means with a delta-method interval on its log', () => {
    // cv² / n: 2.5/9/5 and 10/36/5, both 1/18; df = (1/9)² / (2 (1/18)² / 4) = 8; t(0.975, 8) = 2.306004.
    // Half-width 2.306004 × √(1/9) = 0.768668; interval 2 · exp(∓0.768668) = 0.92726 .. 4.31378.
    const c = compareMeans(baseline, other);
    expect(c.ratio).toBe(2);
    expect(c.ci95.lower).toBeCloseTo(0.92726, 4);
    expect(c.ci95.upper).toBeCloseTo(4.31378, 4);
    expect(c.significant).toBe(false);
  });

  it('is significant when the interval excludes 1 and the test rejects', () => {
    const c = compareMeans(summarize([0.98, 0.99, 1, 1.01, 1.02]), summarize([1.176, 1.188, 1.2, 1.212, 1.224]));
    expect(c.ratio).toBeCloseTo(1.2, 12);
    expect(c.welch.p).toBeLessThan(1e-6);
    expect(c.significant).toBe(true);
    // Reciprocal the other way round.
    const back = compareMeans(summarize([1.176, 1.188, 1.2, 1.212, 1.224]), summarize([0.98, 0.99, 1, 1.01, 1.02]));
    expect(back.ci95.lower).toBeCloseTo(1 / c.ci95.upper, 12);
  });

  it('needs two values on each side', () => {
    expect(() => welchTest(summarize([1]), other)).toThrow(/at least two values/);
  });
});
