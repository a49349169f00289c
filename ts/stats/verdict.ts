// What a ratio's 95 % interval allows one to say, and no more: slower, faster, equal within a
// margin, or inconclusive with how many more samples would likely decide it. Pure.
import { moreSamplesFor, type RatioInterval } from './ratio.js';
import type { Interval } from './summary.js';

/**
 * ±5 %: the thesis's smallest reported difference is 8 % (I/O, configuration 7 vs 6) and its others
 * 16 % and 20 %, so none of them can be called equal at this margin, while differences a third of the
 * smallest one count as negligible. A margin of 1–2 % would take hundreds of runs per configuration on
 * a shared VM whose runs differ by 10 % or more; --margin sets another.
 */
export const DEFAULT_MARGIN = 0.05;
/** More samples than this per configuration are not a practical way to decide a comparison. */
export const MAX_MORE_SAMPLES = 1000;

export type DecidedKind = 'slower' | 'faster' | 'equal';
export type RatioVerdictKind = DecidedKind | 'inconclusive';

/**
 * `equal` when the interval lies inside [1 − margin, 1 + margin]: two one-sided tests (TOST), each
 * at half the interval's significance (2.5 % for a 95 % interval; α/(2m) in a family of m). Otherwise `slower` or `faster` when it excludes 1,
 * else `inconclusive`. Equal comes first: an interval inside the margin may exclude 1, but then the
 * difference is one the margin declares too small to matter, and the ratio still shows it.
 */
export function classifyInterval(ci95: Interval, margin: number): RatioVerdictKind {
  if (ci95.lower > 1 - margin && ci95.upper < 1 + margin) return 'equal';
  if (ci95.lower > 1) return 'slower';
  if (ci95.upper < 1) return 'faster';
  return 'inconclusive';
}

/**
 * The fewest further samples per side after which the interval would likely decide (exclude 1, or fit
 * inside the margin), if the ratio and the spread per sample stayed as measured; null when no number up
 * to MAX_MORE_SAMPLES would (the ratio sits at 1 or at the margin's edge).
 */
export function moreSamplesToDecide(estimate: RatioInterval, margin: number): number | null {
  const logRatio = Math.log(estimate.ratio);
  const toExcludeOne = Math.abs(logRatio);
  const insideMargin = estimate.ratio > 1 - margin && estimate.ratio < 1 + margin;
  const toFitMargin = insideMargin ? Math.min(Math.log(1 + margin) - logRatio, logRatio - Math.log(1 - margin)) : 0;
  return moreSamplesFor(estimate, Math.max(toExcludeOne, toFitMargin), MAX_MORE_SAMPLES);
}
