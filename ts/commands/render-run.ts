// Plain-text rendering of a run for a terminal: by default what each run did and one table row per
// series; with --per-rep every repetition too.
import type { Series, WorkloadRun } from '../measure/run.js';
import type { RecordRepetition, RecordRun, RecordSync } from '../results/schema.js';
import { formatBytes, formatSeconds, ticksToSeconds } from '../base/units.js';
import { summarize, type Summary } from '../stats/summary.js';

/** What a series is rendered from: a run's own series, or one read back from a result file. */
export interface SeriesView {
  title: string;
  repetitions: readonly RecordRepetition[];
  summary: Summary;
}

/** Marks an interval whose lower end is shown as 0 s; explained once, below the table. */
const CLAMPED = '*';
const CLAMPED_NOTE = `${CLAMPED} computed, it reaches below 0 (few repetitions or a large spread): shown from 0 s, as a time cannot be negative`;

function seriesTitle(workload: string, sizeBytes: number | null): string {
  return sizeBytes === null ? workload : `${workload} ${formatBytes(sizeBytes)}`;
}

function viewOf(series: Series): SeriesView {
  return { title: seriesTitle(series.workload, series.sizeBytes), repetitions: series.repetitions, summary: series.summary };
}

/** The series of runs read back from a result file (config run), their statistics computed as a run computes them. */
export function recordSeriesViews(runs: readonly RecordRun[]): SeriesView[] {
  return runs.flatMap((run) =>
    run.series
      .filter((series) => series.repetitions.length > 0)
      .map((series) => ({
        title: seriesTitle(run.workload, series.sizeBytes),
        repetitions: series.repetitions,
        summary: summarize(series.repetitions.map((rep) => rep.seconds)),
      })),
  );
}

/**
 * The 95 % interval's two ends as printed. A time cannot be negative, so the true mean lies above 0
 * and an interval reaching below it (few repetitions, a wide t) still holds the mean from 0 s up:
 * its lower end is shown as 0 s, marked. Null for a single repetition.
 */
function intervalEnds(summary: Summary): [string, string] | null {
  const ci = summary.ci95;
  if (!ci) return null;
  return [ci.lower < 0 ? `0 s${CLAMPED}` : formatSeconds(ci.lower), formatSeconds(ci.upper)];
}

function describeRun(run: WorkloadRun, withTimer: boolean): string[] {
  const p = run.parameters;
  const lines = [`mintbench ${run.workload}: ${p.repetitions} repetitions per size after ${p.warmup} discarded warm-up`];
  if (run.workload === 'mix')
    lines.push(`  L:M:N = ${p.ratio.reads}:${p.ratio.increments}:${p.ratio.copies}, in sequence in each repetition`);
  if (p.increments !== undefined) lines.push(`  ${p.increments} register increments per repetition`);
  if (p.copies !== undefined) lines.push(`  ${p.copies} memcpy calls per repetition`);
  if (p.reads !== undefined) {
    const target = run.series[0]?.target;
    const what = p.scratchFile
      ? 'a scratch FILE, not a disk (pass --device to read a raw device)'
      : target?.kind === 'block-device'
        ? 'a block device'
        : 'a regular FILE, not a disk';
    lines.push(`  ${p.reads} random lseek()+read() per repetition on ${p.device}`, `  ${what}`);
    lines.push(
      `  ${p.direct ? 'O_DIRECT (page cache bypassed)' : 'buffered (page cache in use: this measures memory as much as the disk)'}, seed ${p.seed}`,
    );
  }
  if (withTimer) lines.push(`  ${timerLine(run)}`);
  if (p.cpu !== undefined) lines.push(`  pinned to CPU ${p.cpu}`);
  return lines;
}

function timerLine({ timer: t }: WorkloadRun): string {
  return `timer: ${t.source} at ${(t.hz / 1e6).toFixed(3)} MHz (calibrated), empty region ${t.overheadTicks} ticks (${(ticksToSeconds(t.overheadTicks, t.hz) * 1e9).toFixed(1)} ns)`;
}

/** Every repetition of a series, then its statistics in words (--per-rep). */
export function renderRepetitions(series: SeriesView, indent = ''): string[] {
  const s = series.summary;
  const ends = intervalEnds(s);
  const flagged = s.outliers.flatMap((outlier, i) => (outlier ? [i + 1] : []));
  const lines = [series.title, `  ${'rep'.padStart(4)}  ${'ticks'.padStart(14)}  ${'seconds'.padStart(12)}  cpu`];
  series.repetitions.forEach((rep, i) => {
    const cpu = rep.migrated ? `${rep.cpuStart}->${rep.cpuEnd} (migrated)` : `${rep.cpuEnd}`;
    lines.push(`  ${String(i + 1).padStart(4)}  ${String(rep.ticks).padStart(14)}  ${rep.seconds.toFixed(9).padStart(12)}  ${cpu}`);
  });
  lines.push(
    `  mean ${formatSeconds(s.mean)}  sd ${formatSeconds(s.standardDeviation)}  cv ${(s.coefficientOfVariation * 100).toFixed(2)} %  (n=${s.count})  ${ends ? `95 % CI of the mean ${ends[0]} – ${ends[1]}` : 'no interval from one repetition'}`,
    `  median ${formatSeconds(s.median)}  min ${formatSeconds(s.min)}  max ${formatSeconds(s.max)}  outliers (MAD): ${flagged.length > 0 ? `rep ${flagged.join(', ')}` : 'none'}`,
  );
  return lines.map((line) => `${indent}${line}`);
}

const TABLE_HEADER = ['series', 'n', 'mean', 'sd', 'cv', '95 % CI of the mean', 'min', 'max', 'outliers'];
/** The interval's column, which holds two values and a dash. */
const CI_COLUMN = TABLE_HEADER.indexOf('95 % CI of the mean');

/**
 * One row per series, columns aligned: n, mean, sd, cv, the 95 % interval of the mean, min, max and the
 * number of outliers (MAD, as --per-rep flags them). A note below says why an interval starts at 0 s.
 */
export function summaryTable(series: readonly SeriesView[], indent = ''): string[] {
  const ends = series.map((entry) => intervalEnds(entry.summary));
  const lowerWidth = Math.max(0, ...ends.map((pair) => pair?.[0].length ?? 0));
  const upperWidth = Math.max(0, ...ends.map((pair) => pair?.[1].length ?? 0));
  const rows = series.map(({ title, summary: s }, i) => {
    const pair = ends[i];
    return [
      title,
      String(s.count),
      formatSeconds(s.mean),
      // One repetition has no spread to speak of: its sd of 0 would read as a perfectly steady run.
      s.count > 1 ? formatSeconds(s.standardDeviation) : '–',
      s.count > 1 ? `${(s.coefficientOfVariation * 100).toFixed(2)} %` : '–',
      pair ? `${pair[0].padStart(lowerWidth)} – ${pair[1].padStart(upperWidth)}` : 'none (n = 1)',
      formatSeconds(s.min),
      formatSeconds(s.max),
      String(s.outliers.filter(Boolean).length),
    ];
  });
  const widths = TABLE_HEADER.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]?.length ?? 0)));
  // The title reads left to right; numbers line up on their right, the interval under its heading.
  const line = (cells: readonly string[]) =>
    `${indent}${cells
      .map((cell, column) => (column === 0 || column === CI_COLUMN ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')}`.trimEnd();
  const clamped = ends.some((pair) => pair?.[0].endsWith(CLAMPED));
  return [line(TABLE_HEADER), ...rows.map(line), ...(clamped ? [`${indent}${CLAMPED_NOTE}`] : [])];
}

/** The timer line, when every run of `runs` was timed by the same calibration (one per process): said once, in the header. */
export function sharedTimerLine(runs: readonly WorkloadRun[]): string | null {
  const lines = new Set(runs.map(timerLine));
  return lines.size === 1 ? ([...lines][0] ?? null) : null;
}

/**
 * The runs of one invocation: what each run did (its timer unless sharedTimerLine says it in the
 * header), with `perRep` every repetition of its series, then one table of all series.
 */
export function renderRuns(runs: readonly WorkloadRun[], perRep: boolean): string {
  const withTimer = sharedTimerLine(runs) === null;
  const blocks = runs.map((run) => {
    const lines = describeRun(run, withTimer);
    if (perRep) for (const series of run.series) lines.push('', ...renderRepetitions(viewOf(series)));
    return lines.join('\n');
  });
  const table = summaryTable(runs.flatMap((run) => run.series.map(viewOf)));
  const stopped = runs.some((run) => run.stopped)
    ? ['', 'STOPPED before all repetitions ran: the numbers above hold only the completed ones.']
    : [];
  return [blocks.join('\n\n'), '', ...table, ...stopped].join('\n');
}

/** "started with 1 other run (group G, barrier H:P): start skew 0.042 ms, this run +0.013 ms (shared clock)". */
export function renderSync(sync: RecordSync): string {
  const others = sync.parties - 1;
  const with_ = others === 0 ? 'alone' : `with ${others} other run${others > 1 ? 's' : ''}`;
  const skew =
    sync.startSkewSeconds === null
      ? 'start skew unknown (the barrier did not say)'
      : `start skew ${formatSeconds(sync.startSkewSeconds)}, this run +${formatSeconds(sync.startOffsetSeconds ?? 0)} (${sync.method === 'shared-clock' ? 'one clock' : "the barrier's send times"}${sync.reported < sync.parties ? `, ${sync.reported} of ${sync.parties} reported` : ''})`;
  return `started ${with_} through the barrier at ${sync.barrier} (group ${sync.group}): ${skew}`;
}
