// Plain-text rendering of a run for a terminal.
import type { Series, WorkloadRun } from '../measure/run.js';
import type { RecordSync } from '../results/schema.js';
import { formatBytes, formatSeconds, ticksToSeconds } from '../base/units.js';

function seriesTitle(series: Series): string {
  return series.sizeBytes === null ? series.workload : `${series.workload} ${formatBytes(series.sizeBytes)}`;
}

function describeRun(run: WorkloadRun): string[] {
  const p = run.parameters;
  const lines = [`mintbench ${run.workload}: ${p.repetitions} repetitions per size after ${p.warmup} discarded warm-up`];
  if (run.workload === 'mix')
    lines.push(`  L:M:N = ${p.ratio.reads}:${p.ratio.increments}:${p.ratio.copies}, in sequence in each repetition`);
  if (p.increments !== undefined) lines.push(`  ${p.increments} register increments per repetition`);
  if (p.copies !== undefined) lines.push(`  ${p.copies} memcpy calls per repetition`);
  if (p.reads !== undefined) {
    const target = run.series[0]?.target;
    const what = p.scratchFile
      ? 'scratch FILE, not a disk (pass --device to read a raw device)'
      : target?.kind === 'block-device'
        ? 'block device'
        : 'regular FILE, not a disk';
    lines.push(`  ${p.reads} random lseek()+read() per repetition on ${p.device}: ${what}`);
    lines.push(
      `  ${p.direct ? 'O_DIRECT (page cache bypassed)' : 'buffered (page cache in use: this measures memory as much as the disk)'}, seed ${p.seed}`,
    );
  }
  const t = run.timer;
  lines.push(
    `  timer: ${t.source} at ${(t.hz / 1e6).toFixed(3)} MHz (calibrated), empty region ${t.overheadTicks} ticks (${(ticksToSeconds(t.overheadTicks, t.hz) * 1e9).toFixed(1)} ns)`,
  );
  if (p.cpu !== undefined) lines.push(`  pinned to CPU ${p.cpu}`);
  return lines;
}

/** One line per series of `runs`: mean, sd, cv, the 95 % interval of the mean and the outlier count. */
export function renderSummary(runs: readonly WorkloadRun[]): string[] {
  const lines = ['summary'];
  for (const series of runs.flatMap((run) => run.series)) {
    const s = series.summary;
    const ci = s.ci95 ? `95 % CI ${formatSeconds(s.ci95.lower)} – ${formatSeconds(s.ci95.upper)}` : '';
    const outliers = s.outliers.filter(Boolean).length;
    lines.push(
      `  ${seriesTitle(series).padEnd(10)}  mean ${formatSeconds(s.mean).padStart(12)}  sd ${formatSeconds(s.standardDeviation).padStart(12)}  cv ${(s.coefficientOfVariation * 100).toFixed(2).padStart(6)} %  ${ci}${outliers > 0 ? `  ${outliers} outlier${outliers > 1 ? 's' : ''}` : ''}`.trimEnd(),
    );
  }
  return lines;
}

export function renderRun(run: WorkloadRun): string {
  const lines = describeRun(run);
  for (const series of run.series) {
    lines.push('', seriesTitle(series));
    lines.push(`  ${'rep'.padStart(4)}  ${'ticks'.padStart(14)}  ${'seconds'.padStart(12)}  cpu`);
    series.repetitions.forEach((rep, i) => {
      const cpu = rep.migrated ? `${rep.cpuStart}->${rep.cpuEnd} (migrated)` : `${rep.cpuEnd}`;
      lines.push(`  ${String(i + 1).padStart(4)}  ${String(rep.ticks).padStart(14)}  ${rep.seconds.toFixed(9).padStart(12)}  ${cpu}`);
    });
    const s = series.summary;
    lines.push(
      `  mean ${formatSeconds(s.mean)}  sd ${formatSeconds(s.standardDeviation)}  cv ${(s.coefficientOfVariation * 100).toFixed(2)} %  (n=${s.count})`,
    );
    const ci = s.ci95
      ? `95 % CI of the mean ${formatSeconds(s.ci95.lower)} – ${formatSeconds(s.ci95.upper)}`
      : 'no interval from one repetition';
    const flagged = s.outliers.flatMap((outlier, i) => (outlier ? [i + 1] : []));
    lines.push(
      `  median ${formatSeconds(s.median)}  min ${formatSeconds(s.min)}  max ${formatSeconds(s.max)}  ${ci}  outliers (MAD): ${flagged.length > 0 ? `rep ${flagged.join(', ')}` : 'none'}`,
    );
  }
  lines.push('', ...renderSummary([run]));
  if (run.stopped) lines.push('', 'STOPPED before all repetitions ran: the numbers above hold only the completed ones.');
  return lines.join('\n');
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
