// The ratio of two mean times with its interval (95 %, or a table's family-wise level), from
// independent samples (runs, or the repetitions of one run each) or from samples paired by round. Both
// use the delta method on log(ratio), so the interval stays positive and "A vs B" is the reciprocal of
// "B vs A". Pure.
import { mean, sampleVariance } from 'simple-statistics';

import { studentTCdf, studentTQuantile } from './student-t.js';
import { SIGNIFICANCE, type Interval } from './summary.js';

/** What the samples are: rounds of a campaign (paired), independent runs, or the repetitions of one run per side. */
export type RatioBasis = 'paired-rounds' | 'runs' | 'repetitions';

/**
 * How var(log ratio) shrinks with more samples: with n samples per side it is
 * `baseline / nBaseline + other / nOther` (independent), or `paired / nPairs` (paired).
 */
export type UnitLogVariance = { kind: 'independent'; baseline: number; other: number } | { kind: 'paired'; paired: number };

export interface RatioInterval {
  /** mean(other) / mean(baseline): above 1, `other` takes longer. */
  ratio: number;
  /**
   * The interval of the ratio the verdict rests on: ratio · exp(∓ t(1 − significance/2, df) · logStandardError).
   * 95 % on its own (significance 0.05); in a table whose verdicts are family-wise, at 1 − 0.05/m
   * (Bonferroni, ts/stats/family.ts), so it is wider. The name stays: it is the interval every output prints.
   */
  ci95: Interval;
  /** Two-sided significance level of ci95: SIGNIFICANCE, or the row's family-wise level. */
  significance: number;
  /** Standard error of log(ratio), by the delta method. */
  logStandardError: number;
  /** Degrees of freedom of the t quantile: Welch–Satterthwaite (independent) or pairs − 1 (paired). */
  df: number;
  basis: RatioBasis;
  /** Samples on each side: rounds (paired: the same on both), runs or repetitions. */
  baselineCount: number;
  otherCount: number;
  unitLogVariance: UnitLogVariance;
}

/** Welch–Satterthwaite degrees of freedom of a + b, two variance terms from na and nb values. */
export function satterthwaite(a: number, na: number, b: number, nb: number): number {
  const denominator = (a * a) / (na - 1) + (b * b) / (nb - 1);
  // Both samples constant: no variance to estimate; any df gives the same (degenerate) answer.
  return denominator === 0 ? na + nb - 2 : ((a + b) * (a + b)) / denominator;
}

function checkSamples(name: string, values: readonly number[]): void {
  if (values.length < 2) throw new RangeError(`Expected at least two values for ${name} but received ${values.length}`);
  if (!(mean([...values]) > 0)) throw new RangeError(`Expected a positive mean for ${name}`);
}

function interval(ratio: number, logStandardError: number, df: number, significance = SIGNIFICANCE): Interval {
  const halfWidth = studentTQuantile(1 - significance / 2, df) * logStandardError;
  return { lower: ratio * Math.exp(-halfWidth), upper: ratio * Math.exp(halfWidth) };
}

/**
 * Independent samples: var(log R) ≈ cv²(baseline)/n₁ + cv²(other)/n₂ (each cv the sample standard
 * deviation over the mean), with Welch–Satterthwaite degrees of freedom over the two terms.
 */
export function independentRatio(baseline: readonly number[], other: readonly number[], basis: 'runs' | 'repetitions'): RatioInterval {
  checkSamples('baseline', baseline);
  checkSamples('other', other);
  const baselineMean = mean([...baseline]);
  const otherMean = mean([...other]);
  const ratio = otherMean / baselineMean;
  const unitBaseline = sampleVariance([...baseline]) / baselineMean ** 2;
  const unitOther = sampleVariance([...other]) / otherMean ** 2;
  const a = unitBaseline / baseline.length;
  const b = unitOther / other.length;
  const df = satterthwaite(a, baseline.length, b, other.length);
  const logStandardError = Math.sqrt(a + b);
  return {
    ratio,
    ci95: interval(ratio, logStandardError, df),
    significance: SIGNIFICANCE,
    logStandardError,
    df,
    basis,
    baselineCount: baseline.length,
    otherCount: other.length,
    unitLogVariance: { kind: 'independent', baseline: unitBaseline, other: unitOther },
  };
}

/**
 * Samples paired by round (baseline[k] and other[k] ran in round k): with z_k = other_k / mean(other)
 * − baseline_k / mean(baseline), var(log R) ≈ var(z) / K over K rounds, with K − 1 degrees of freedom.
 * What a round shares (a slow phase of the machine) cancels in z.
 */
export function pairedRatio(baseline: readonly number[], other: readonly number[]): RatioInterval {
  if (baseline.length !== other.length) {
    throw new RangeError(`Expected as many rounds for other as for baseline but received ${other.length} and ${baseline.length}`);
  }
  checkSamples('baseline', baseline);
  checkSamples('other', other);
  const baselineMean = mean([...baseline]);
  const otherMean = mean([...other]);
  const ratio = otherMean / baselineMean;
  const z = other.map((value, k) => value / otherMean - (baseline[k] ?? NaN) / baselineMean);
  const unit = sampleVariance(z);
  const logStandardError = Math.sqrt(unit / z.length);
  const df = z.length - 1;
  return {
    ratio,
    ci95: interval(ratio, logStandardError, df),
    significance: SIGNIFICANCE,
    logStandardError,
    df,
    basis: 'paired-rounds',
    baselineCount: z.length,
    otherCount: z.length,
    unitLogVariance: { kind: 'paired', paired: unit },
  };
}

/** The same estimate with its interval at two-sided significance level `significance` (e.g. 0.05 / 7 for 1 − 0.05/7). */
export function atSignificance(estimate: RatioInterval, significance: number): RatioInterval {
  if (!(significance > 0 && significance < 1)) {
    throw new RangeError(`Expected a significance level between 0 and 1 but received ${significance}`);
  }
  return { ...estimate, ci95: interval(estimate.ratio, estimate.logStandardError, estimate.df, significance), significance };
}

/**
 * Two-sided p-value of "the true ratio is 1": P(|T| ≥ |log ratio| / logStandardError) for Student's t
 * with the estimate's df, the test its interval inverts: p ≤ s exactly when the interval at significance
 * s excludes 1. A spread of 0 gives 0 (a ratio other than 1) or 1 (a ratio of exactly 1).
 */
export function pValueOfNoDifference(estimate: RatioInterval): number {
  const logRatio = Math.abs(Math.log(estimate.ratio));
  if (estimate.logStandardError === 0) return logRatio === 0 ? 1 : 0;
  return 2 * (1 - studentTCdf(logRatio / estimate.logStandardError, estimate.df));
}

/**
 * Half-width of the log interval after `more` further samples on each side, the per-sample variance as
 * measured, at the estimate's own significance level.
 */
export function projectedLogHalfWidth(estimate: RatioInterval, more: number): number {
  const variance = estimate.unitLogVariance;
  const nBaseline = estimate.baselineCount + more;
  const nOther = estimate.otherCount + more;
  let logVariance: number;
  let df: number;
  if (variance.kind === 'paired') {
    logVariance = variance.paired / nBaseline;
    df = nBaseline - 1;
  } else {
    const a = variance.baseline / nBaseline;
    const b = variance.other / nOther;
    logVariance = a + b;
    df = satterthwaite(a, nBaseline, b, nOther);
  }
  return studentTQuantile(1 - estimate.significance / 2, df) * Math.sqrt(logVariance);
}

/**
 * The fewest further samples on each side (0 to `limit`) after which the interval's log half-width
 * would be below `targetLogHalfWidth`, if the ratio and the spread per sample stayed as measured; null
 * when even `limit` would not do. The half-width only shrinks with more samples, so a binary search finds it.
 */
export function moreSamplesFor(estimate: RatioInterval, targetLogHalfWidth: number, limit: number): number | null {
  if (!(targetLogHalfWidth > 0) || projectedLogHalfWidth(estimate, limit) >= targetLogHalfWidth) return null;
  if (projectedLogHalfWidth(estimate, 0) < targetLogHalfWidth) return 0;
  let low = 0; // too few
  let high = limit; // enough
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (projectedLogHalfWidth(estimate, middle) < targetLogHalfWidth) high = middle;
    else low = middle;
  }
  return high;
}
