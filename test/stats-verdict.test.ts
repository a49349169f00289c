import { describe, expect, it } from 'vitest';

import { pairedRatio } from '../ts/stats/ratio.js';
import { classifyInterval, DEFAULT_MARGIN, moreSamplesToDecide } from '../ts/stats/verdict.js';

describe('classifyInterval', () => {
  it('says slower or faster when the interval excludes 1', () => {
    expect(classifyInterval({ lower: 1.06, upper: 1.2 }, 0.05)).toBe('slower');
    expect(classifyInterval({ lower: 0.7, upper: 0.94 }, 0.05)).toBe('faster');
  });

  it('says equal when the interval lies inside the margin, even when it excludes 1', () => {
    expect(classifyInterval({ lower: 0.97, upper: 1.04 }, 0.05)).toBe('equal');
    expect(classifyInterval({ lower: 1.01, upper: 1.04 }, 0.05)).toBe('equal');
    expect(classifyInterval({ lower: 1.01, upper: 1.04 }, 0.02)).toBe('slower');
  });

  it('is inconclusive when the interval holds 1 and reaches past the margin', () => {
    expect(classifyInterval({ lower: 0.9, upper: 1.12 }, 0.05)).toBe('inconclusive');
    expect(classifyInterval({ lower: 0.96, upper: 1.05 }, 0.05)).toBe('inconclusive');
  });

  it('has a default margin of 5 %', () => {
    expect(DEFAULT_MARGIN).toBe(0.05);
  });
});

describe('moreSamplesToDecide', () => {
  // R = 1.12, unit log variance 0.00187075, 4 rounds (see stats-ratio.test.ts).
  const c = pairedRatio([1, 2, 3, 4], [1.1, 2.3, 3.2, 4.6]);

  it('counts no more samples where the interval already decides', () => {
    // Outside the margin only "slower" can decide: half-width below log 1.12 = 0.113329, and it is 0.0688.
    expect(moreSamplesToDecide(c, 0.05)).toBe(0);
  });

  it('aims at whichever comes first, excluding 1 or fitting inside the margin', () => {
    // Inside a 20 % margin: to fit, half-width below min(log 1.2 − log 1.12, log 1.12 − log 0.8) = 0.068993,
    // to exclude 1, below 0.113329: the larger target decides first.
    expect(moreSamplesToDecide(c, 0.2)).toBe(0);
    // R = 1.008 (log 0.0079682), unit log variance 0.000472411. At a 3 % margin, to fit: half-width below
    // log 1.03 − log 1.008 = 0.0215906 (the lower edge is further); to exclude 1: below 0.0079682.
    // t(0.975, n − 1) · √(0.000472411 / n) is 0.0345853 now (n = 4), 0.0228095 at n = 6, 0.0201015 at n = 7 (scipy).
    const near = pairedRatio([1, 2, 3, 4], [1.0, 2.05, 2.95, 4.08]);
    expect(moreSamplesToDecide(near, 0.03)).toBe(3);
  });

  it('finds no practical number when the ratio sits on the margin and on 1', () => {
    const same = pairedRatio([1, 2, 3, 4], [1.1, 1.9, 3.1, 3.9]);
    expect(same.ratio).toBe(1);
    // To exclude 1 needs a zero half-width, and a margin of 0.01 % needs over 1000 rounds.
    expect(moreSamplesToDecide(same, 0.0001)).toBeNull();
  });
});
