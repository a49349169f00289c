// A configuration's runs against the baseline's: the ratio of mean times with its 95 % interval,
// from runs paired by campaign round where there are 2 or more such rounds, else from independent
// runs, and the verdict that interval allows; and a table's comparisons decided together, so that its
// verdicts hold as a whole (ts/stats/family.ts). Pure: compare and the simulation tests both use them.
import { mean } from 'simple-statistics';

import { rowSignificance, type VerdictControl } from '../stats/family.js';
import { atSignificance, independentRatio, pairedRatio, type RatioInterval } from '../stats/ratio.js';
import { classifyInterval, moreSamplesToDecide, MAX_MORE_SAMPLES } from '../stats/verdict.js';
import type { RunSample } from './config-stats.js';

export type VerdictKind =
  'baseline' | 'slower' | 'faster' | 'equal' | 'inconclusive' | 'needs-runs' | 'no-baseline' | 'no-solo' | 'not-comparable';

export interface Verdict {
  kind: VerdictKind;
  /** As printed: "1.20× slower (1.17–1.23)", "equal within ±5 % (0.98–1.03)", "inconclusive (0.91–1.12): about 8 more runs per configuration", ... */
  text: string;
  /**
   * Inconclusive only: further runs of each configuration (rounds, when paired) after which the interval
   * would likely decide, if the ratio and spread stayed as measured; null when no practical number would.
   */
  moreSamples?: number | null;
}

export interface RunComparison {
  /** Absent when there is nothing to compute it from (a mean that is not positive, or single repetitions of single runs). */
  comparison?: RatioInterval;
  verdict: Verdict;
}

function range(estimate: RatioInterval): string {
  return `${estimate.ci95.lower.toFixed(2)}–${estimate.ci95.upper.toFixed(2)}`;
}

/** "±5 %". */
export function marginText(margin: number): string {
  return `±${Number((margin * 100).toFixed(2))} %`;
}

/** The verdict text of a decided or inconclusive interval; faster intervals are inverted, so "1.25× faster (1.20–1.30)". */
export function verdictOf(estimate: RatioInterval, margin: number): Verdict {
  const kind = classifyInterval(estimate.ci95, margin);
  const { ratio, ci95 } = estimate;
  switch (kind) {
    case 'slower':
      return { kind, text: `${ratio.toFixed(2)}× slower (${range(estimate)})` };
    case 'faster':
      return { kind, text: `${(1 / ratio).toFixed(2)}× faster (${(1 / ci95.upper).toFixed(2)}–${(1 / ci95.lower).toFixed(2)})` };
    case 'equal':
      return { kind, text: `equal within ${marginText(margin)} (${range(estimate)})` };
    case 'inconclusive': {
      const moreSamples = moreSamplesToDecide(estimate, margin);
      const unit = (count: number) =>
        estimate.basis === 'paired-rounds' ? (count === 1 ? 'round' : 'rounds') : `${count === 1 ? 'run' : 'runs'} per configuration`;
      const what =
        moreSamples === null
          ? `more than ${MAX_MORE_SAMPLES} more ${unit(MAX_MORE_SAMPLES)} needed`
          : `about ${moreSamples} more ${unit(moreSamples)}`;
      return { kind, text: `inconclusive (${range(estimate)}): ${what}`, moreSamples };
    }
  }
}

/** "campaign id/round" of a run, or undefined outside campaigns. */
function roundKey(run: RunSample): string | undefined {
  return run.campaign ? `${run.campaign.id}/${run.campaign.round}` : undefined;
}

/** The mean time of each campaign round a configuration ran in (its runs of one round averaged: instances run side by side). */
function roundMeans(runs: readonly RunSample[]): Map<string, number> {
  const byRound = new Map<string, number[]>();
  for (const run of runs) {
    const key = roundKey(run);
    if (key === undefined || run.seconds.length === 0) continue;
    byRound.set(key, [...(byRound.get(key) ?? []), mean(run.seconds)]);
  }
  return new Map([...byRound].map(([key, means]) => [key, mean(means)]));
}

/** Rounds both configurations ran in, in key order: the baseline's and the other's mean time in each. */
export function pairedRounds(baseline: readonly RunSample[], other: readonly RunSample[]): { baseline: number[]; other: number[] } {
  const base = roundMeans(baseline);
  const mine = roundMeans(other);
  const keys = [...base.keys()].filter((key) => mine.has(key)).sort();
  return { baseline: keys.map((key) => base.get(key) ?? NaN), other: keys.map((key) => mine.get(key) ?? NaN) };
}

/**
 * The comparison of `other`'s runs with `baseline`'s at `margin`: paired over campaign rounds when 2 or
 * more rounds have both, else over independent runs when each has 2 or more. With a single run on either
 * side the spread between runs is unknown: the ratio (and an interval from repetitions alone) is given,
 * but the verdict says that it is not one.
 */
export function compareRuns(baseline: readonly RunSample[], other: readonly RunSample[], margin: number): RunComparison {
  const baseRuns = baseline.filter((run) => run.seconds.length > 0);
  const otherRuns = other.filter((run) => run.seconds.length > 0);
  const all = [...baseRuns, ...otherRuns].flatMap((run) => run.seconds);
  if (baseRuns.length === 0 || otherRuns.length === 0 || all.some((value) => !(value > 0))) {
    return { verdict: { kind: 'not-comparable', text: 'not comparable: a time is not positive' } };
  }
  const rounds = pairedRounds(baseRuns, otherRuns);
  if (rounds.baseline.length >= 2) {
    const comparison = pairedRatio(rounds.baseline, rounds.other);
    return { comparison, verdict: verdictOf(comparison, margin) };
  }
  if (baseRuns.length >= 2 && otherRuns.length >= 2) {
    const comparison = independentRatio(
      baseRuns.map((run) => mean(run.seconds)),
      otherRuns.map((run) => mean(run.seconds)),
      'runs',
    );
    return { comparison, verdict: verdictOf(comparison, margin) };
  }
  const verdict: Verdict = {
    kind: 'needs-runs',
    text: 'no verdict: one run, so the spread between runs is unknown (make runs: mintbench campaign, or --runs K)',
  };
  const [baseOnly] = baseRuns;
  const [otherOnly] = otherRuns;
  // One run each: its repetitions give a ratio and an interval that leaves out every between-run effect.
  if (
    baseRuns.length === 1 &&
    otherRuns.length === 1 &&
    baseOnly &&
    otherOnly &&
    baseOnly.seconds.length > 1 &&
    otherOnly.seconds.length > 1
  ) {
    return { comparison: independentRatio(baseOnly.seconds, otherOnly.seconds, 'repetitions'), verdict };
  }
  return { verdict };
}

/** Verdicts read off an interval: those a table's family-wise level applies to. */
const INTERVAL_VERDICTS: ReadonlySet<VerdictKind> = new Set(['slower', 'faster', 'equal', 'inconclusive']);

/** The comparison gives a verdict from its interval (not one run, not comparable, no baseline). */
export function decidesFromInterval(part: RunComparison): boolean {
  return part.comparison !== undefined && INTERVAL_VERDICTS.has(part.verdict.kind);
}

/**
 * One table's comparisons (compareRuns' answers) decided together under `control`: each that decides
 * from its interval redrawn at rowSignificance(m, control), m the number of them, and its verdict read
 * off the redrawn interval; the others as they are. Per row, the 95 % intervals as compareRuns gave them.
 */
export function decideTogether(parts: readonly RunComparison[], margin: number, control: VerdictControl): RunComparison[] {
  const members = parts.filter(decidesFromInterval).length;
  const significance = rowSignificance(members, control);
  return parts.map((part) => {
    if (!decidesFromInterval(part) || !part.comparison || part.comparison.significance === significance) return part;
    const comparison = atSignificance(part.comparison, significance);
    return { comparison, verdict: verdictOf(comparison, margin) };
  });
}
