// Compares configurations: for every workload and size, each configuration's repetitions (pooled
// over its files and instances) against the baseline configuration's. Pure: records in, rows out.
import { expected } from '../base/errors.js';
import type { ResultRecord } from '../results/schema.js';
import { findReference, type ReferenceComparison, type ReferenceMatch } from '../results/reference.js';
import type { WorkloadName } from '../measure/plan.js';
import { compareMeans, summarize, type RatioComparison, type Summary } from '../stats/summary.js';

/** What one repetition did: only series that agree on all of it are pooled and compared. */
interface SeriesKey {
  workload: WorkloadName;
  sizeBytes: number | null;
  /** Work per repetition. */
  reads: number;
  increments: number;
  copies: number;
  /** Reads with O_DIRECT (true) or through the page cache (false); null when the series does no reads. */
  direct: boolean | null;
}

export interface ComparisonRow extends SeriesKey {
  config: string;
  configName?: string;
  /** Result files and instances pooled into this row. */
  files: number;
  instances: string[];
  /** Some of those files are from interrupted runs. */
  interrupted: boolean;
  /** Statistics of all pooled repetitions' seconds. */
  summary: Summary;
  isBaseline: boolean;
  /** Against the baseline; absent for the baseline itself, without a baseline row, or with fewer than 2 repetitions. */
  comparison?: RatioComparison;
  verdict: string;
  /** What the thesis reported for this configuration against the baseline, if anything. */
  thesis?: ReferenceMatch;
}

const WORKLOAD_ORDER: readonly string[] = ['cpu', 'mem', 'io', 'mix'];

/** One configuration's repetitions in a group, pooled over its files and instances. */
interface PooledConfig {
  name?: string;
  files: Set<string>;
  instances: Set<string>;
  seconds: number[];
  interrupted: boolean;
}

/** The series that agree on one SeriesKey, by configuration label. */
export interface SeriesGroup extends SeriesKey {
  byConfig: Map<string, PooledConfig>;
}

/** "1.20× slower (1.18–1.22)", "1.25× faster (1.20–1.30)" or "equal within noise". */
export function verdict(comparison: RatioComparison): string {
  if (!comparison.significant) return 'equal within noise';
  const { ratio, ci95 } = comparison;
  if (ratio >= 1) return `${ratio.toFixed(2)}× slower (${ci95.lower.toFixed(2)}–${ci95.upper.toFixed(2)})`;
  return `${(1 / ratio).toFixed(2)}× faster (${(1 / ci95.upper).toFixed(2)}–${(1 / ci95.lower).toFixed(2)})`;
}

/** The thesis's statement in the same words: "equal" or "≈1.20× slower". */
export function thesisText(match: ReferenceMatch): string {
  if (match.equal) return 'equal';
  return match.ratio >= 1 ? `≈${match.ratio.toFixed(2)}× slower` : `≈${(1 / match.ratio).toFixed(2)}× faster`;
}

/** Thesis ids in numeric order first, then free labels alphabetically. */
export function compareLabels(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
  if (Number.isInteger(na) !== Number.isInteger(nb)) return Number.isInteger(na) ? -1 : 1;
  return a.localeCompare(b);
}

/**
 * Pools every configuration's repetitions over its files and instances, per workload, size and work per
 * repetition (series with different counts or direct flags are never pooled), ordered by workload (cpu,
 * mem, io, mix), size and counts. compare and plot both read result files through it.
 */
export function groupSeries(records: readonly { file: string; record: ResultRecord }[]): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup>();
  for (const { file, record } of records) {
    const { label, name, instance } = record.configuration;
    for (const run of record.runs) {
      const reads = run.parameters.reads ?? 0;
      const increments = run.parameters.increments ?? 0;
      const copies = run.parameters.copies ?? 0;
      const direct = reads > 0 ? (run.parameters.direct ?? null) : null;
      for (const series of run.series) {
        if (series.repetitions.length === 0) continue;
        const key = JSON.stringify([run.workload, series.sizeBytes, reads, increments, copies, direct]);
        let group = groups.get(key);
        if (!group) {
          group = { workload: run.workload, sizeBytes: series.sizeBytes, reads, increments, copies, direct, byConfig: new Map() };
          groups.set(key, group);
        }
        let entry = group.byConfig.get(label);
        if (!entry) {
          entry = { files: new Set(), instances: new Set(), seconds: [], interrupted: false };
          if (name !== undefined) entry.name = name;
          group.byConfig.set(label, entry);
        }
        entry.files.add(file);
        if (instance !== undefined) entry.instances.add(instance);
        entry.interrupted ||= record.interrupted;
        entry.seconds.push(...series.repetitions.map((rep) => rep.seconds));
      }
    }
  }

  return [...groups.values()].sort(
    (a, b) =>
      WORKLOAD_ORDER.indexOf(a.workload) - WORKLOAD_ORDER.indexOf(b.workload) ||
      (a.sizeBytes ?? 0) - (b.sizeBytes ?? 0) ||
      a.reads - b.reads ||
      a.increments - b.increments ||
      a.copies - b.copies ||
      Number(a.direct === false) - Number(b.direct === false),
  );
}

export function compareRecords(
  records: readonly { file: string; record: ResultRecord }[],
  baseline: string,
  reference: readonly ReferenceComparison[] = [],
): ComparisonRow[] {
  const labels = new Set(records.map(({ record }) => record.configuration.label));
  if (!labels.has(baseline)) {
    throw expected(
      `a configuration present in the result files (${[...labels].sort(compareLabels).join(', ') || 'none'})`,
      'baseline',
      baseline,
    );
  }
  const rows: ComparisonRow[] = [];
  for (const group of groupSeries(records)) {
    const base = group.byConfig.get(baseline);
    const baseSummary = base ? summarize(base.seconds) : undefined;
    const configs = [...group.byConfig.keys()].sort((a, b) => (a === baseline ? -1 : b === baseline ? 1 : compareLabels(a, b)));
    for (const config of configs) {
      const entry = group.byConfig.get(config);
      if (!entry) continue;
      const summary = config === baseline && baseSummary ? baseSummary : summarize(entry.seconds);
      const row: ComparisonRow = {
        workload: group.workload,
        sizeBytes: group.sizeBytes,
        reads: group.reads,
        increments: group.increments,
        copies: group.copies,
        direct: group.direct,
        config,
        files: entry.files.size,
        instances: [...entry.instances].sort(),
        interrupted: entry.interrupted,
        summary,
        isBaseline: config === baseline,
        verdict: 'baseline',
      };
      if (entry.name !== undefined) row.configName = entry.name;
      if (!row.isBaseline) {
        if (!baseSummary) row.verdict = 'no baseline run';
        else if (baseSummary.count < 2 || summary.count < 2) row.verdict = 'too few repetitions';
        else if (!(baseSummary.mean > 0 && summary.mean > 0)) row.verdict = 'not comparable: a mean time is not positive';
        else {
          row.comparison = compareMeans(baseSummary, summary);
          row.verdict = verdict(row.comparison);
        }
        const thesis = findReference(reference, config, baseline, group.workload, group.sizeBytes);
        if (thesis) row.thesis = thesis;
      }
      rows.push(row);
    }
  }
  return rows;
}
