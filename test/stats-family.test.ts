// A table's verdicts decided together: the level each row's interval is drawn at, the p-value its
// interval inverts, and a table whose rows are redrawn and reread (decideTogether).
import { describe, expect, it } from 'vitest';

import { decideTogether, verdictOf, type RunComparison } from '../ts/compare/decide.js';
import { controlText, rowSignificance } from '../ts/stats/family.js';
import { atSignificance, pairedRatio, pValueOfNoDifference } from '../ts/stats/ratio.js';

describe('rowSignificance and controlText', () => {
  it('divides α among the rows family-wise, and leaves each at α per row', () => {
    expect(rowSignificance(7, 'family')).toBeCloseTo(0.05 / 7, 15);
    expect(rowSignificance(1, 'family')).toBeCloseTo(0.05, 15);
    expect(rowSignificance(0, 'family')).toBeCloseTo(0.05, 15);
    expect(rowSignificance(7, 'per-row')).toBeCloseTo(0.05, 15);
    expect(() => rowSignificance(1.5, 'family')).toThrow(RangeError);
  });

  it('says what the table controls', () => {
    expect(controlText(7, 'family')).toBe('95 % over 7 rows (Bonferroni)');
    expect(controlText(1, 'family')).toBe('95 %, 1 row');
    expect(controlText(0, 'family')).toBe('95 % (no verdict from an interval)');
    expect(controlText(7, 'per-row')).toBe('95 % per row (--per-row)');
  });
});

describe('atSignificance and pValueOfNoDifference', () => {
  // Round means of 4 rounds, R = 1.12, df 3 (see stats-ratio.test.ts).
  const c = pairedRatio([1, 2, 3, 4], [1.1, 2.3, 3.2, 4.6]);

  it('redraws the interval with the t quantile of the new level, around the same ratio', () => {
    expect(c.significance).toBeCloseTo(0.05, 15);
    const wide = atSignificance(c, 0.01);
    expect(wide.significance).toBe(0.01);
    expect(wide.ratio).toBe(c.ratio);
    // t(0.995, 3) = 5.840909 (scipy.stats.t.ppf), against t(0.975, 3) = 3.182446.
    expect(Math.log(wide.ci95.upper / wide.ratio)).toBeCloseTo(5.840909 * c.logStandardError, 6);
    expect(Math.log(c.ci95.upper / c.ratio)).toBeCloseTo(3.182446 * c.logStandardError, 6);
    expect(() => atSignificance(c, 0)).toThrow(RangeError);
  });

  it('gives the p-value whose level is where the interval starts to hold 1', () => {
    // 2 · P(T₃ > log 1.12 / se) = 0.0135267 (scipy.stats.t.sf).
    const p = pValueOfNoDifference(c);
    expect(p).toBeCloseTo(0.0135267, 6);
    const atP = atSignificance(c, p);
    expect(atP.ci95.lower).toBeCloseTo(1, 9);
    expect(atSignificance(c, p * 1.01).ci95.lower).toBeGreaterThan(1);
    expect(atSignificance(c, p * 0.99).ci95.lower).toBeLessThan(1);
    expect(pValueOfNoDifference(pairedRatio([1, 2, 3, 4], [1, 2, 3, 4]))).toBe(1);
  });
});

describe('decideTogether', () => {
  const decided = (baseline: number[], other: number[]): RunComparison => {
    const comparison = pairedRatio(baseline, other);
    return { comparison, verdict: verdictOf(comparison, 0.05) };
  };
  // Slower at 95 % on its own (p = 0.0135), but not once 7 rows share the 5 % (0.05/7 = 0.0071).
  const marginal = decided([1, 2, 3, 4], [1.1, 2.3, 3.2, 4.6]);
  const clear = decided([1, 2, 3, 4], [2, 4, 6.1, 8]);
  const oneRun: RunComparison = { verdict: { kind: 'needs-runs', text: 'no verdict: one run' } };

  it('redraws every interval at α/m and rereads its verdict, so interval and verdict agree', () => {
    expect(marginal.verdict.kind).toBe('slower');
    const table = decideTogether([marginal, clear, clear, clear, clear, clear, clear, oneRun], 0.05, 'family');
    const [first, second, , , , , , last] = table;
    expect(first!.comparison!.significance).toBeCloseTo(0.05 / 7, 15);
    expect(first!.verdict.kind).toBe('inconclusive');
    expect(first!.comparison!.ci95.lower).toBeLessThan(1);
    expect(first!.verdict.text).toContain(`(${first!.comparison!.ci95.lower.toFixed(2)}–${first!.comparison!.ci95.upper.toFixed(2)})`);
    expect(second!.verdict.kind).toBe('slower');
    expect(second!.comparison!.ci95.lower).toBeGreaterThan(1);
    // One run: no verdict to control, and not counted among the 7.
    expect(last).toBe(oneRun);
  });

  it('keeps the 95 % intervals per row, and a table of one row as it is', () => {
    expect(decideTogether([marginal, clear], 0.05, 'per-row')).toEqual([marginal, clear]);
    expect(decideTogether([marginal, oneRun], 0.05, 'family')).toEqual([marginal, oneRun]);
  });

  it('asks for more rounds at the family-wise level', () => {
    const [first] = decideTogether([marginal, clear, clear, clear, clear, clear, clear], 0.05, 'family');
    expect(first!.verdict.moreSamples).toBeGreaterThan(0);
  });
});
