// Compares configurations: for every workload and size, each configuration's runs (its result files
// and their instances; runs are the sample unit) against the baseline configuration's. Pure: records
// in, rows out.
import { expected } from '../base/errors.js';
import type { ResultRecord } from '../results/schema.js';
import { DEFAULT_SOLO } from '../results/configs.js';
import { findReference, type ReferenceComparison, type ReferenceMatch } from '../results/reference.js';
import type { WorkloadName } from '../measure/plan.js';
import type { RatioInterval } from '../stats/ratio.js';
import { controlText, DEFAULT_CONTROL, type VerdictControl } from '../stats/family.js';
import { SIGNIFICANCE } from '../stats/summary.js';
import { DEFAULT_MARGIN } from '../stats/verdict.js';
import { configStats, type ConfigStats, type RunSample } from './config-stats.js';
import { compareRuns, decidesFromInterval, decideTogether, type RunComparison, type Verdict } from './decide.js';

/** What a repetition did besides its workload and size: its counts and how it read. */
export interface SeriesParameters {
  /** Work per repetition. */
  reads: number;
  increments: number;
  copies: number;
  /** Reads with O_DIRECT (true) or through the page cache (false); null when the series does no reads. */
  direct: boolean | null;
}

/** What one repetition did: only series that agree on all of it are pooled. */
interface SeriesKey extends SeriesParameters {
  workload: WorkloadName;
  sizeBytes: number | null;
}

/**
 * Which baseline series a configuration's series is compared with: the one with the same parameters
 * (`parameters`), or the one of the same workload and size whatever its parameters (`workload-size`),
 * so that arms the user defined to differ in a count or in --buffered meet (where either side ran
 * several parameter sets at that workload and size, only the same ones are paired).
 */
export type PairBy = 'parameters' | 'workload-size';

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
  /**
   * The parameters of the baseline series this row was compared with: its own but where the rows were
   * paired by workload and size (PairBy); absent for the baseline itself and where there is none.
   */
  baselineParameters?: SeriesParameters;
  /**
   * The ratio to the baseline with the interval its verdict rests on (95 % per row, or at the table's
   * family-wise level: ratio.ts ci95, family.ts); absent for the baseline itself and where it cannot be computed.
   */
  comparison?: RatioInterval;
  verdict: Verdict;
  /** What the thesis reported for this configuration against the baseline, if anything. */
  thesis?: ReferenceMatch;
  /** Each instance on its own, where the configuration ran 2 or more at the same moment (the row itself is their mean). */
  perInstance?: InstanceDetail[];
  /** The instances' mean against the solo configuration's runs, where the configuration is concurrent and has a solo one. */
  interference?: Interference;
}

/** A concurrent configuration's instance (or their mean) against the same setup run alone. */
export interface Interference {
  /** The solo configuration's label. */
  solo: string;
  /** Mean time / the solo configuration's mean time, with its interval (95 %, or the interference table's family-wise level); absent where it cannot be computed. */
  comparison?: RatioInterval;
  verdict: Verdict;
}

/** One instance of a concurrent configuration: its runs only, against the baseline and against the solo configuration. */
export interface InstanceDetail {
  instance: string;
  files: number;
  stats: ConfigStats;
  /** The ratio to the baseline with its interval, at the row's level. */
  comparison?: RatioInterval;
  verdict: Verdict;
  interference?: Interference;
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
  /** Concurrent configuration label → its solo configuration's label, for the interference ratio (default DEFAULT_SOLO). */
  solo?: Readonly<Record<string, string>>;
  /** The verdicts of each table hold together (`family`, the default) or each row on its own (`per-row`). */
  control?: VerdictControl;
  /** Which baseline series each series is compared with (default `parameters`: the same ones). */
  pairBy?: PairBy;
}

/** A place that holds a comparison and its verdict: a row, an instance, an interference. */
type Decided = { comparison?: RatioInterval; verdict: Verdict };

/**
 * The verdicts each table decides together: the main table's (every configuration and each of its
 * instances against the baseline) and the interference table's (instances and their mean against the
 * solo configuration), each family-wise on its own.
 */
function verdictFamilies(rows: readonly ComparisonRow[]): { rows: Decided[]; interference: Decided[] } {
  const others = rows.filter((row) => !row.isBaseline);
  return {
    rows: others.flatMap((row): Decided[] => [row, ...(row.perInstance ?? [])]),
    interference: rows.flatMap((row) =>
      [row.interference, ...(row.perInstance ?? []).map((detail) => detail.interference)].filter(
        (part): part is Interference => part !== undefined,
      ),
    ),
  };
}

/** How one table's verdicts were decided: family-wise over `rows` verdicts, or each on its own. */
export interface TableControl {
  control: VerdictControl;
  /** Verdicts read off an interval, the m of α/m. */
  rows: number;
  /** Two-sided level of each of those intervals. */
  significance: number;
  /** "95 % over 7 rows (Bonferroni)", "95 % per row (--per-row)", "95 %, 1 row". */
  text: string;
}

/** Read off the intervals themselves, so that a header can never say other than what the numbers are. */
function familyControl(parts: readonly Decided[]): TableControl {
  const members = parts.filter(decidesFromInterval);
  const significance = members[0]?.comparison?.significance ?? SIGNIFICANCE;
  // Per row when 2 or more intervals each kept the whole α; a single one is the same either way.
  const control: VerdictControl = members.length >= 2 && significance === SIGNIFICANCE ? 'per-row' : 'family';
  return { control, rows: members.length, significance, text: controlText(members.length, control) };
}

/** How the main table's verdicts and the interference table's were decided, for their headers and legends. */
export function tableControls(rows: readonly ComparisonRow[]): { rows: TableControl; interference: TableControl } {
  const families = verdictFamilies(rows);
  return { rows: familyControl(families.rows), interference: familyControl(families.interference) };
}

/** Redraws each table's intervals at its family-wise level (or leaves them per row) and rereads their verdicts, in place. */
function decideTables(rows: readonly ComparisonRow[], margin: number, control: VerdictControl): void {
  for (const family of Object.values(verdictFamilies(rows))) {
    const decided = decideTogether(family, margin, control);
    family.forEach((part, i) => {
      const { comparison, verdict } = decided[i] ?? part;
      if (comparison) part.comparison = comparison;
      part.verdict = verdict;
    });
  }
}

/** `runs` against `reference`'s runs, or the verdict `missing` says when the reference has none in this group. */
function against(reference: PooledConfig | undefined, runs: readonly RunSample[], margin: number, missing: Verdict): RunComparison {
  return reference ? compareRuns(reference.runs, runs, margin) : { verdict: missing };
}

/** The comparison as a row or an instance holds it: the ratio only where there is one. */
function withRatio<T extends object>(target: T, { comparison, verdict }: RunComparison): T & RunComparison {
  return { ...target, ...(comparison ? { comparison } : {}), verdict };
}

const NO_BASELINE: Verdict = { kind: 'no-baseline', text: 'no baseline run' };
/** The baseline ran this workload and size, but only with other parameters (the legend names --pair-by). */
export const NO_BASELINE_WITH_PARAMETERS: Verdict = { kind: 'no-baseline', text: 'no baseline run: other parameters' };
const NO_SOLO: Verdict = { kind: 'no-solo', text: 'no solo run' };
/** An instance of the baseline itself: its ratio to the pool it is part of would say little. */
const BASELINE_INSTANCE: Verdict = { kind: 'baseline', text: 'baseline instance' };

function sameWorkloadAndSize(a: SeriesKey, b: SeriesKey): boolean {
  return a.workload === b.workload && a.sizeBytes === b.sizeBytes;
}

export function seriesParameters({ reads, increments, copies, direct }: SeriesParameters): SeriesParameters {
  return { reads, increments, copies, direct };
}

/** A configuration's series (`group`, `config`) and the group whose baseline series it is compared with, if any. */
interface PairedSeries {
  group: SeriesGroup;
  config: string;
  home: SeriesGroup | undefined;
}

/**
 * Every configuration's series with the baseline series it is compared with (PairBy), in the order
 * of the table: by the baseline's group, the baseline first, then the configurations compared with it
 * (a series paired across parameters listed under the baseline series it is compared with).
 * Series of other workloads or sizes are never paired.
 */
export function pairedSeries(groups: readonly SeriesGroup[], baseline: string, pairBy: PairBy): PairedSeries[] {
  const homeOf = (group: SeriesGroup, config: string): SeriesGroup | undefined => {
    if (group.byConfig.has(baseline)) return group;
    if (pairBy !== 'workload-size') return undefined;
    const block = groups.filter((other) => sameWorkloadAndSize(other, group));
    const bases = block.filter((other) => other.byConfig.has(baseline));
    const own = block.filter((other) => other.byConfig.has(config));
    // One parameter set a side at this workload and size: those two are the user's A and B.
    return bases.length === 1 && own.length === 1 ? bases[0] : undefined;
  };
  const listed = new Map<SeriesGroup, PairedSeries[]>(groups.map((group) => [group, []]));
  for (const group of groups) {
    for (const config of group.byConfig.keys()) {
      const home = homeOf(group, config);
      listed.get(home ?? group)?.push({ group, config, home });
    }
  }
  const order = (a: PairedSeries, b: PairedSeries) =>
    a.config === baseline ? -1 : b.config === baseline ? 1 : compareLabels(a.config, b.config);
  return groups.flatMap((group) => (listed.get(group) ?? []).sort(order));
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
  const soloOf = options.solo ?? DEFAULT_SOLO;
  const groups = groupSeries(records);
  const rows: ComparisonRow[] = [];
  for (const { group, config, home } of pairedSeries(groups, baseline, options.pairBy ?? 'parameters')) {
    const entry = group.byConfig.get(config);
    if (!entry) continue;
    const isBaseline = config === baseline;
    const base = home?.byConfig.get(baseline);
    const missing = groups.some((other) => other.byConfig.has(baseline) && sameWorkloadAndSize(other, group))
      ? NO_BASELINE_WITH_PARAMETERS
      : NO_BASELINE;
    const toBaseline = (runs: readonly RunSample[]) => against(base, runs, margin, missing);
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
      isBaseline,
      verdict: { kind: 'baseline', text: 'baseline' },
    };
    if (entry.name !== undefined) row.configName = entry.name;
    if (!isBaseline && home) row.baselineParameters = seriesParameters(home);
    if (!isBaseline) {
      const { comparison, verdict } = toBaseline(entry.runs);
      if (comparison) row.comparison = comparison;
      row.verdict = verdict;
      const thesis = findReference(options.reference ?? [], config, baseline, group.workload, group.sizeBytes);
      if (thesis) row.thesis = thesis;
    }
    // Instances that ran at the same moment: each on its own, and each (and their mean) against the solo configuration.
    if (row.instances.length >= 2) {
      // Own keys only: a free label such as `constructor` is no key of the mapping.
      const soloLabel = Object.hasOwn(soloOf, config) ? soloOf[config] : undefined;
      const solo = soloLabel === undefined ? undefined : group.byConfig.get(soloLabel);
      const interference = (runs: readonly RunSample[]): Interference | undefined =>
        soloLabel === undefined ? undefined : withRatio({ solo: soloLabel }, against(solo, runs, margin, NO_SOLO));
      row.perInstance = row.instances.map((instance) => {
        const runs = entry.runs.filter((run) => run.instance === instance);
        const detail = withRatio(
          { instance, files: new Set(runs.map((run) => run.file)).size, stats: configStats(runs) },
          isBaseline ? { verdict: BASELINE_INSTANCE } : toBaseline(runs),
        );
        const own = interference(runs);
        return own ? { ...detail, interference: own } : detail;
      });
      const mean = interference(entry.runs);
      if (mean) row.interference = mean;
    }
    rows.push(row);
  }
  decideTables(rows, margin, options.control ?? DEFAULT_CONTROL);
  return rows;
}
