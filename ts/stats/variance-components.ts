// How a configuration's spread splits between runs and the repetitions within a run (one-way
// random-effects ANOVA; Kalibera and Jones, "Rigorous Benchmarking in Reasonable Time", ISMM 2013,
// call the two T1² and T2²), how to split a time budget between them, and when runs disagree so far
// beyond their repetitions that a configuration is unstable. Pure.
import { mean } from 'simple-statistics';

import { regularizedIncompleteBeta } from './student-t.js';

export interface VarianceComponents {
  /** Runs (r) and repetitions over all of them (N). */
  runs: number;
  repetitions: number;
  /** n₀ = (N − Σ nᵢ²/N) / (r − 1): the repetitions per run, adjusted for runs of unequal length (nᵢ when all are equal). */
  repetitionsPerRun: number;
  /** Mean square within runs, Σᵢ Σⱼ (xᵢⱼ − x̄ᵢ)² / (N − r): the variance of one repetition about its run's mean (T1²). */
  withinVariance: number;
  /** Mean square between runs, Σᵢ nᵢ (x̄ᵢ − x̄)² / (r − 1), x̄ the mean of all N repetitions. */
  betweenMeanSquare: number;
  /** (between mean square − within variance) / n₀, or 0 when negative: the variance runs add on top of their repetitions (T2²). */
  betweenVariance: number;
  /** betweenVariance / (betweenVariance + withinVariance): the share of the spread that lies between runs (0 when there is none). */
  betweenShare: number;
  /** F = between mean square / within variance, on (r − 1, N − r) degrees of freedom; Infinity when the repetitions agree exactly. */
  f: number;
  /** P(F(r − 1, N − r) ≥ f): the chance of runs disagreeing this much if runs added no variance of their own. */
  p: number;
}

/** P(X ≥ f) for X ~ F(d1, d2): I_{d2/(d2 + d1 f)}(d2/2, d1/2). */
export function fUpperTail(f: number, d1: number, d2: number): number {
  if (!(d1 > 0 && d2 > 0)) throw new RangeError(`Expected positive degrees of freedom for fUpperTail but received ${d1}, ${d2}`);
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  return regularizedIncompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

/**
 * The variance components of runs given as their repetitions' values. Null with fewer than 2 runs or
 * when no run has 2 repetitions (then the within-run variance is unknown).
 */
export function varianceComponents(runs: readonly (readonly number[])[]): VarianceComponents | null {
  const used = runs.filter((run) => run.length > 0);
  const r = used.length;
  const n = used.reduce((sum, run) => sum + run.length, 0);
  if (r < 2 || n - r < 1) return null;
  const runMeans = used.map((run) => mean([...run]));
  const grandMean = mean(used.flat());
  let withinSquares = 0;
  let betweenSquares = 0;
  used.forEach((run, i) => {
    const runMean = runMeans[i] ?? NaN;
    for (const value of run) withinSquares += (value - runMean) ** 2;
    betweenSquares += run.length * (runMean - grandMean) ** 2;
  });
  const withinVariance = withinSquares / (n - r);
  const betweenMeanSquare = betweenSquares / (r - 1);
  const repetitionsPerRun = (n - used.reduce((sum, run) => sum + run.length ** 2, 0) / n) / (r - 1);
  const betweenVariance = Math.max(0, (betweenMeanSquare - withinVariance) / repetitionsPerRun);
  const total = betweenVariance + withinVariance;
  const f = withinVariance > 0 ? betweenMeanSquare / withinVariance : betweenMeanSquare > 0 ? Infinity : 0;
  return {
    runs: r,
    repetitions: n,
    repetitionsPerRun,
    withinVariance,
    betweenMeanSquare,
    betweenVariance,
    betweenShare: total > 0 ? betweenVariance / total : 0,
    f,
    p: fUpperTail(f, r - 1, n - r),
  };
}

/** Fewest repetitions per run recommended: with one, the within-run variance could no longer be estimated. */
export const MIN_REPETITIONS_PER_RUN = 2;

/**
 * Repetitions per run that give the narrowest interval for a given time budget (Kalibera and Jones
 * 2013; the optimum of two-stage sampling): the mean over r runs of n repetitions has variance
 * T2²/r + T1²/(r n) and costs r (c_run + n c_rep), smallest for n = √((c_run / c_rep) · (T1² / T2²)),
 * rounded up, at least MIN_REPETITIONS_PER_RUN. `repetitionSeconds` is c_rep, `runOverheadSeconds`
 * c_run (what a run costs besides its measured repetitions). Null when no between-run variance was
 * seen: then repetitions and runs narrow the interval alike.
 */
export function optimalRepetitionsPerRun(
  components: VarianceComponents,
  repetitionSeconds: number,
  runOverheadSeconds: number,
): number | null {
  if (!(components.betweenVariance > 0) || !(repetitionSeconds > 0)) return null;
  const optimum = Math.sqrt(
    (Math.max(runOverheadSeconds, 0) / repetitionSeconds) * (components.withinVariance / components.betweenVariance),
  );
  return Math.max(MIN_REPETITIONS_PER_RUN, Math.ceil(optimum));
}

/**
 * The unstable rule: the run means vary at least 10 times more than their repetitions explain
 * (F ≥ 10, so an interval from the repetitions alone would be over 3 times too narrow) ...
 */
export const UNSTABLE_F = 10;
/** ... and the runs' own spread (√T2² over the mean) is at least 1 %, large enough to matter against any margin worth testing. */
export const UNSTABLE_BETWEEN_CV = 0.01;

/** The runs of a configuration disagree far beyond their repetitions (UNSTABLE_F and UNSTABLE_BETWEEN_CV both hold). */
export function isUnstable(components: VarianceComponents, meanSeconds: number): boolean {
  return components.f >= UNSTABLE_F && Math.sqrt(components.betweenVariance) >= UNSTABLE_BETWEEN_CV * meanSeconds;
}
