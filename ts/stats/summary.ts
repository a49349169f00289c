// Pure statistics over one series of repetitions, and the comparison of two series. No I/O.
import { max, mean, median, medianAbsoluteDeviation, min, sampleStandardDeviation } from 'simple-statistics';

import { studentTQuantile, studentTTwoSidedP } from './student-t.js';

/** Confidence level of every interval mintbench reports. */
export const CONFIDENCE = 0.95;
/** Significance level of the comparison test (two-sided), matching the 95 % intervals. */
const SIGNIFICANCE = 1 - CONFIDENCE;
/**
 * A value is an outlier when its modified z-score, 0.6745 (x − median) / MAD, exceeds 3.5: the cut-off
 * Iglewicz and Hoaglin recommend. 0.6745 makes the MAD of normal data comparable to its standard deviation.
 */
const OUTLIER_MODIFIED_Z = 3.5;
const MAD_TO_Z = 0.6745;

export interface Interval {
  lower: number;
  upper: number;
}

export interface Summary {
  /** Number of measured repetitions. */
  count: number;
  mean: number;
  median: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  standardDeviation: number;
  /** standardDeviation / mean. */
  coefficientOfVariation: number;
  min: number;
  max: number;
  /** standardDeviation / √count. */
  standardError: number;
  /** 95 % confidence interval of the mean: mean ± t(0.975, n − 1) · standardError; null for a single value. */
  ci95: Interval | null;
  /** Median absolute deviation from the median (unscaled). */
  medianAbsoluteDeviation: number;
  /**
   * One flag per value, in input order: its modified z-score exceeds OUTLIER_MODIFIED_Z. When the MAD is 0
   * (more than half the values are equal), every value that differs from the median is flagged.
   */
  outliers: boolean[];
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError('Expected at least one value for summarize but received none');
  const data = [...values];
  const count = data.length;
  const average = mean(data);
  const middle = median(data);
  const deviation = count > 1 ? sampleStandardDeviation(data) : 0;
  const standardError = deviation / Math.sqrt(count);
  const halfWidth = count > 1 ? studentTQuantile(1 - SIGNIFICANCE / 2, count - 1) * standardError : NaN;
  const mad = medianAbsoluteDeviation(data);
  return {
    count,
    mean: average,
    median: middle,
    standardDeviation: deviation,
    coefficientOfVariation: average === 0 ? 0 : deviation / average,
    min: min(data),
    max: max(data),
    standardError,
    ci95: count > 1 ? { lower: average - halfWidth, upper: average + halfWidth } : null,
    medianAbsoluteDeviation: mad,
    outliers: data.map((value) => (mad === 0 ? value !== middle : (MAD_TO_Z * Math.abs(value - middle)) / mad > OUTLIER_MODIFIED_Z)),
  };
}

/** Welch's unequal-variances t-test of two means. */
export interface WelchTest {
  /** (mean of `other` − mean of `baseline`) / its standard error. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value. */
  p: number;
}

export interface RatioComparison {
  /** mean(other) / mean(baseline): above 1, `other` takes longer. */
  ratio: number;
  /** 95 % interval of the ratio (delta method on the log of the ratio, Welch–Satterthwaite df). */
  ci95: Interval;
  welch: WelchTest;
  /** The test rejects equal means at 5 % and the interval excludes 1. */
  significant: boolean;
}

/** Welch–Satterthwaite degrees of freedom for two variance components a = s²/n each. */
function satterthwaite(a: number, na: number, b: number, nb: number): number {
  const denominator = (a * a) / (na - 1) + (b * b) / (nb - 1);
  // Both samples constant: no variance to estimate; any df gives the same (degenerate) answer.
  return denominator === 0 ? na + nb - 2 : ((a + b) * (a + b)) / denominator;
}

export function welchTest(baseline: Summary, other: Summary): WelchTest {
  if (baseline.count < 2 || other.count < 2) {
    throw new RangeError('Expected at least two values in each series for welchTest but received fewer');
  }
  const a = baseline.standardDeviation ** 2 / baseline.count;
  const b = other.standardDeviation ** 2 / other.count;
  const difference = other.mean - baseline.mean;
  const df = satterthwaite(a, baseline.count, b, other.count);
  if (a + b === 0) return { t: difference === 0 ? 0 : Math.sign(difference) * Infinity, df, p: difference === 0 ? 1 : 0 };
  const t = difference / Math.sqrt(a + b);
  return { t, df, p: studentTTwoSidedP(t, df) };
}

/**
 * The ratio of two means with a 95 % interval. The interval comes from the delta method on
 * log(ratio): var(log R) ≈ cv²(baseline)/n + cv²(other)/n, with Welch–Satterthwaite degrees of
 * freedom over those two terms; exponentiating keeps the interval positive and symmetric in log
 * space, so "A vs B" and "B vs A" give reciprocal intervals. Needs positive means (times are).
 */
export function compareMeans(baseline: Summary, other: Summary): RatioComparison {
  const welch = welchTest(baseline, other);
  if (!(baseline.mean > 0 && other.mean > 0)) throw new RangeError('Expected positive means for compareMeans');
  const ratio = other.mean / baseline.mean;
  const a = baseline.coefficientOfVariation ** 2 / baseline.count;
  const b = other.coefficientOfVariation ** 2 / other.count;
  const df = satterthwaite(a, baseline.count, b, other.count);
  const halfWidth = studentTQuantile(1 - SIGNIFICANCE / 2, df) * Math.sqrt(a + b);
  const ci95 = { lower: ratio * Math.exp(-halfWidth), upper: ratio * Math.exp(halfWidth) };
  const significant = welch.p < SIGNIFICANCE && (ci95.lower > 1 || ci95.upper < 1);
  return { ratio, ci95, welch, significant };
}
