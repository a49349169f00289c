import { describe, expect, it } from 'vitest';

import { studentTCdf, studentTDensity, studentTQuantile } from '../ts/stats/student-t.js';

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
    expect(2 * (1 - studentTCdf(2.2622, 9))).toBeCloseTo(0.05, 4);
    expect(studentTCdf(0, 5)).toBe(0.5);
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
