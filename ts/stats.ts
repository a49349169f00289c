// Pure statistics over one series of repetitions. No I/O.
import { max, mean, median, min, sampleStandardDeviation } from 'simple-statistics';

export interface Summary {
  /** Number of measured repetitions. */
  count: number;
  mean: number;
  median: number;
  /** Sample standard deviation (n - 1); 0 for a single value. */
  standardDeviation: number;
  /** standardDeviation / mean. */
  coefficientOfVariation: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError('Expected at least one value for summarize but received none');
  const data = [...values];
  const average = mean(data);
  const deviation = data.length > 1 ? sampleStandardDeviation(data) : 0;
  return {
    count: data.length,
    mean: average,
    median: median(data),
    standardDeviation: deviation,
    coefficientOfVariation: average === 0 ? 0 : deviation / average,
    min: min(data),
    max: max(data),
  };
}
