// Compares configurations: for every workload and size, each configuration's runs (its result files
// and their instances; runs are the sample unit) against the baseline configuration's. Pure: records
// in, rows out.
import { expected } from '../base/errors.js';
import type { ResultRecord } from '../results/schema.js';
import { findReference, type ReferenceComparison, type ReferenceMatch } from '../results/reference.js';
import type { WorkloadName } from '../measure/plan.js';
import type { RatioInterval } from '../stats/ratio.js';
import { DEFAULT_MARGIN } from '../stats/verdict.js';
import { configStats, type ConfigStats, type RunSample } from './config-stats.js';
import { compareRuns, type Verdict } from './decide.js';

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

/**
 * One configuration at one workload, size and work per repetition, against the baseline: the data
 * every output (table, CSV, JSON, figures, reports) shows, so all of them show the same numbers.
 */
export interface ComparisonRow extends SeriesKey {
  config: string;
  configName?: string;
  /** Result files and instances behind this row. */
  files: number;
  instances: string[];
  /** Some of those files are from interrupted runs. */
  interrupted: boolean;
  /** Mean time, its interval, and how the spread splits between runs and repetitions. */
  stats: ConfigStats;
  isBaseline: boolean;
  /** The ratio to the baseline with its 95 % interval; absent for the baseline itself and where it cannot be computed. */
  comparison?: RatioInterval;
  verdict: Verdict;
  /** What the thesis reported for this configuration against the baseline, if anything. */
  thesis?: ReferenceMatch;
}

const WORKLOAD_ORDER: readonly string[] = ['cpu', 'mem', 'io', 'mix'];

/** One configuration's runs in a group, over its files and instances. */
export interface PooledConfig {
  name?: string;
  files: Set<string>;
  instances: Set<string>;
  runs: RunSample[];
  interrupted: boolean;
}

/** The series that agree on one SeriesKey, by configuration label. */
export interface SeriesGroup extends SeriesKey {
  byConfig: Map<string, PooledConfig>;
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

/** Seconds a result file spent on anything but its measured repetitions: calibration, machine description, warm-ups. */
function overheadSeconds(record: ResultRecord): number {
  const wallSeconds = (Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000;
  const measured = record.runs.reduce(
    (sum, run) => sum + run.series.reduce((inner, series) => inner + series.repetitions.reduce((a, rep) => a + rep.seconds, 0), 0),
    0,
  );
  return Math.max(0, wallSeconds - measured);
}

/**
 * Every configuration's runs per workload, size and work per repetition (series with different counts
 * or direct flags are never pooled), ordered by workload (cpu, mem, io, mix), size and counts. Each
 * series of a file is one run. compare and plot both read result files through it.
 */
export function groupSeries(records: readonly { file: string; record: ResultRecord }[]): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup>();
  for (const { file, record } of records) {
    const { label, name, instance } = record.configuration;
    const overhead = overheadSeconds(record);
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
          entry = { files: new Set(), instances: new Set(), runs: [], interrupted: false };
          if (name !== undefined) entry.name = name;
          group.byConfig.set(label, entry);
        }
        entry.files.add(file);
        if (instance !== undefined) entry.instances.add(instance);
        entry.interrupted ||= record.interrupted;
        const sample: RunSample = { file, seconds: series.repetitions.map((rep) => rep.seconds), overheadSeconds: overhead };
        if (record.campaign) sample.campaign = { ...record.campaign };
        if (instance !== undefined) sample.instance = instance;
        entry.runs.push(sample);
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

export interface CompareOptions {
  /** What the thesis reported, for its column. */
  reference?: readonly ReferenceComparison[];
  /** Equivalence margin m: `equal` when the ratio's interval lies inside [1 − m, 1 + m] (default DEFAULT_MARGIN). */
  margin?: number;
}

export function compareRecords(
  records: readonly { file: string; record: ResultRecord }[],
  baseline: string,
  options: CompareOptions = {},
): ComparisonRow[] {
  const margin = options.margin ?? DEFAULT_MARGIN;
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
    const configs = [...group.byConfig.keys()].sort((a, b) => (a === baseline ? -1 : b === baseline ? 1 : compareLabels(a, b)));
    for (const config of configs) {
      const entry = group.byConfig.get(config);
      if (!entry) continue;
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
        stats: configStats(entry.runs),
        isBaseline: config === baseline,
        verdict: { kind: 'baseline', text: 'baseline' },
      };
      if (entry.name !== undefined) row.configName = entry.name;
      if (!row.isBaseline) {
        if (!base) row.verdict = { kind: 'no-baseline', text: 'no baseline run' };
        else {
          const { comparison, verdict } = compareRuns(base.runs, entry.runs, margin);
          if (comparison) row.comparison = comparison;
          row.verdict = verdict;
        }
        const thesis = findReference(options.reference ?? [], config, baseline, group.workload, group.sizeBytes);
        if (thesis) row.thesis = thesis;
      }
      rows.push(row);
    }
  }
  return rows;
}
