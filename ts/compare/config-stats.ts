// One configuration's statistics in one series group: runs are the sample unit when there are 2 or
// more (the repetitions enter only through each run's mean); with a single run, its repetitions are
// all there is. Pure.
import { mean } from 'simple-statistics';

import type { RecordCampaign } from '../results/schema.js';
import { summarize, type Interval } from '../stats/summary.js';
import { isUnstable, optimalRepetitionsPerRun, varianceComponents, type VarianceComponents } from '../stats/variance-components.js';

/** One run of one series: a result file's measured repetitions of one workload, size and work per repetition. */
export interface RunSample {
  file: string;
  /** Seconds of each measured repetition. */
  seconds: number[];
  /** Where it stood in a campaign: compare pairs runs by campaign and round. */
  campaign?: RecordCampaign;
  instance?: string;
  /** Seconds its result file spent on anything but measured repetitions (calibration, machine description, warm-ups). */
  overheadSeconds: number;
}

export type IntervalBasis = 'runs' | 'repetitions';

export interface ConfigStats {
  runs: number;
  /** Measured repetitions over all runs. */
  repetitions: number;
  /** Mean time per repetition: the mean of the run means (with one run, that run's mean). */
  meanSeconds: number;
  /** Standard deviation of what the interval rests on: the run means, or the one run's repetitions. */
  sdSeconds: number;
  /** 95 % interval of meanSeconds, Student t over the run means (basis `runs`) or the one run's repetitions; null for a single value. */
  ci95: Interval | null;
  basis: IntervalBasis;
  /** Each run's mean seconds, in file order. */
  runMeans: number[];
  /** Standard deviation of the run means over their mean; null with one run. */
  runCv: number | null;
  /** Spread of repetitions about their run's mean (√within-run variance) over the mean; null when no run has 2 repetitions. */
  repetitionCv: number | null;
  /** Between runs vs within a run; null with one run or without 2 repetitions in some run. */
  components: VarianceComponents | null;
  /** The runs disagree far beyond their repetitions (see isUnstable). */
  unstable: boolean;
  /** Repetitions per run that make the best use of a time budget (Kalibera and Jones); null when it cannot be said. */
  recommendedRepetitionsPerRun: number | null;
}

export function configStats(runs: readonly RunSample[]): ConfigStats {
  const measured = runs.filter((run) => run.seconds.length > 0);
  if (measured.length === 0) throw new RangeError('Expected at least one run with a measured repetition for configStats');
  const runMeans = measured.map((run) => mean(run.seconds));
  const repetitions = measured.reduce((sum, run) => sum + run.seconds.length, 0);
  const [only] = measured;
  const single = measured.length === 1 && only !== undefined;
  const summary = summarize(single ? only.seconds : runMeans);
  const components = varianceComponents(measured.map((run) => run.seconds));
  const meanSeconds = summary.mean;
  const perMean = (value: number) => (meanSeconds === 0 ? 0 : value / meanSeconds);
  const repetitionCv = components
    ? perMean(Math.sqrt(components.withinVariance))
    : single && only.seconds.length > 1
      ? summary.coefficientOfVariation
      : null;
  const repetitionSeconds =
    repetitions > 0 ? measured.reduce((sum, run) => sum + run.seconds.reduce((a, b) => a + b, 0), 0) / repetitions : 0;
  const overheadSeconds = mean(measured.map((run) => run.overheadSeconds));
  return {
    runs: measured.length,
    repetitions,
    meanSeconds,
    sdSeconds: summary.standardDeviation,
    ci95: summary.ci95,
    basis: single ? 'repetitions' : 'runs',
    runMeans,
    runCv: single ? null : summary.coefficientOfVariation,
    repetitionCv,
    components,
    unstable: components !== null && isUnstable(components, meanSeconds),
    recommendedRepetitionsPerRun: components ? optimalRepetitionsPerRun(components, repetitionSeconds, overheadSeconds) : null,
  };
}
