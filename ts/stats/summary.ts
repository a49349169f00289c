// Pure statistics over one series of values (a run's repetitions, or a configuration's run means). No I/O.
import { max, mean, median, medianAbsoluteDeviation, min, sampleStandardDeviation } from 'simple-statistics';

import { studentTQuantile } from './student-t.js';

/** Confidence level of every interval mintbench reports. */
export const CONFIDENCE = 0.95;
/** Two-sided significance level matching the 95 % intervals. */
export const SIGNIFICANCE = 1 - CONFIDENCE;
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
