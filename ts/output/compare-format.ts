// Renders comparison rows as a terminal table, Markdown, CSV or JSON.
import { KEY_ENVIRONMENT_FACTS, splitChanges, type ConfigurationChanges } from '../compare/environment.js';
import type { EnvironmentChange } from '../env/index.js';
import { parameterChanges, parameterChangeText } from '../compare/parameters.js';
import {
  NO_BASELINE_WITH_PARAMETERS,
  tableControls,
  thesisText,
  type ComparisonRow,
  type InstanceDetail,
  type Interference,
  type PairBy,
  type TableControl,
} from '../compare/compare.js';
import type { ConfigStats } from '../compare/config-stats.js';
import { marginText, type Verdict, type VerdictKind } from '../compare/decide.js';
import type { RatioInterval } from '../stats/ratio.js';
import { UNSTABLE_BETWEEN_CV, UNSTABLE_F } from '../stats/variance-components.js';
import { confidenceText, FAMILY_METHOD } from '../stats/family.js';
import { DEFAULT_MARGIN, MAX_MORE_SAMPLES } from '../stats/verdict.js';
import { toCsv, type CsvOptions } from './csv.js';
import { formatBytes, formatSeconds } from '../base/units.js';
import { displayWidth, padToWidth, wrapToWidth } from './text-width.js';

export const COMPARE_FORMATS = ['table', 'markdown', 'csv', 'json'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];
/** --env: the machine differences that change numbers first (`key`), or every one (`all`). */
export const ENV_DETAILS = ['key', 'all'] as const;
export type EnvDetail = (typeof ENV_DETAILS)[number];
/** The width the table and markdown output keep to without --wide: a terminal of 120 columns. */
export const TERMINAL_COLUMNS = 120;

/** The size, and "buffered" for page-cache reads (O_DIRECT is the default and goes unsaid). */
export function sizeText(row: Pick<ComparisonRow, 'sizeBytes' | 'direct'>): string {
  const size = row.sizeBytes === null ? '-' : formatBytes(row.sizeBytes);
  return row.direct === false ? `${size} buffered` : size;
}

function configText(row: ComparisonRow): string {
  const name = row.configName === undefined ? row.config : `${row.config} ${row.configName}`;
  return `${name}${instancesText(row)}`;
}

/** " [a,b] (interrupted)": a row's instances, and whether it was interrupted. */
function instancesText(row: ComparisonRow): string {
  const instances = row.instances.length > 0 ? ` [${row.instances.join(',')}]` : '';
  return `${instances}${row.interrupted ? ' (interrupted)' : ''}`;
}

function percent(fraction: number | null): string {
  return fraction === null ? '-' : `${(fraction * 100).toFixed(1)} %`;
}

/** What a configuration's row and an instance's sub-row both show: their runs, and their ratio to the baseline. */
type Measured = Pick<ComparisonRow, 'stats' | 'comparison' | 'verdict'>;

/** "5×10", or "5×9.6" when runs have different numbers of repetitions. */
function runsText(stats: ConfigStats): string {
  const perRun = stats.repetitions / stats.runs;
  return `${stats.runs}×${Number.isInteger(perRun) ? perRun : perRun.toFixed(1)}`;
}

/** "3.012 ms ±2.1 %": the mean and its 95 % interval's half-width; "(1 run)" when it rests on one run's repetitions. */
function meanText(stats: ConfigStats): string {
  return `${formatSeconds(stats.meanSeconds)}${halfWidthText(stats)}${stats.basis === 'repetitions' ? ' (1 run)' : ''}`;
}

/** " ±2.1 %": the half-width of the mean's 95 % interval, relative to the mean; '' without one. */
function halfWidthText({ meanSeconds, ci95 }: ConfigStats): string {
  return ci95 && meanSeconds > 0 ? ` ±${(((ci95.upper - ci95.lower) / 2 / meanSeconds) * 100).toFixed(1)} %` : '';
}

function betweenText(stats: ConfigStats): string {
  const { components, unstable } = stats;
  return components ? `${percent(components.betweenShare)}${unstable ? ' UNSTABLE' : ''}` : '-';
}

function ratioText(c: RatioInterval | undefined, isBaseline: boolean): string {
  if (!c) return isBaseline ? '1' : '';
  const range = `${c.ci95.lower.toFixed(2)}–${c.ci95.upper.toFixed(2)}`;
  switch (c.basis) {
    case 'paired-rounds':
      return `${c.ratio.toFixed(3)} (${range}) ${c.baselineCount} rounds`;
    case 'runs':
      return `${c.ratio.toFixed(3)} (${range}) ${c.baselineCount}+${c.otherCount} runs`;
    case 'repetitions':
      return `${c.ratio.toFixed(3)} (repetitions only: ${range})`;
  }
}

/** The cells from runs×reps to the verdict. */
function measuredCells({ stats, comparison, verdict }: Measured, isBaseline: boolean): string[] {
  return [
    runsText(stats),
    meanText(stats),
    `${percent(stats.runCv)} / ${percent(stats.repetitionCv)}`,
    betweenText(stats),
    stats.recommendedRepetitionsPerRun === null ? '-' : String(stats.recommendedRepetitionsPerRun),
    ratioText(comparison, isBaseline),
    verdict.text,
  ];
}

/** "vs solo 2: 1.12× slower (1.05–1.19)"; with one run on a side, the ratio and that it gives no verdict. */
export function interferenceText({ solo, comparison, verdict }: Interference): string {
  const what = verdict.kind === 'needs-runs' && comparison ? `${comparison.ratio.toFixed(2)}× (one run: no verdict)` : verdict.text;
  return `vs solo ${solo}: ${what}`;
}

/** One row of the comparison table, as every format shows it. */
export function comparisonCells(row: ComparisonRow): string[] {
  return [row.workload, sizeText(row), configText(row), ...measuredCells(row, row.isBaseline), row.thesis ? thesisText(row.thesis) : ''];
}

/** An instance's sub-row, indented under its configuration's row. */
function instanceCells(row: ComparisonRow, detail: InstanceDetail): string[] {
  return ['', '', `  ${row.config} ${detail.instance}`, ...measuredCells(detail, false), ''];
}

export const COMPARISON_HEADER = [
  'workload',
  'size',
  'configuration',
  'runs×reps',
  'mean ±95 %',
  'cv runs / reps',
  'between',
  'reps/run',
  'ratio (interval)',
  'verdict',
  'thesis',
];

/** The rows of concurrent configurations, with their instances, make the table longer and wider (a `vs solo` column). */
function isConcurrent(rows: readonly ComparisonRow[]): boolean {
  return rows.some((row) => row.perInstance !== undefined || row.interference !== undefined);
}

/**
 * The comparison table as the table, Markdown and the report show it: a row per configuration and,
 * under a concurrent configuration's, one per instance, with a `vs solo` column where there are any.
 */
export function comparisonTable(rows: readonly ComparisonRow[]): { header: string[]; rows: string[][] } {
  const concurrent = isConcurrent(rows);
  const solo = (interference: Interference | undefined) => (concurrent ? [interference ? interferenceText(interference) : ''] : []);
  return {
    header: [...COMPARISON_HEADER, ...(concurrent ? ['vs solo'] : [])],
    rows: rows.flatMap((row) => [
      [...comparisonCells(row), ...solo(row.interference)],
      ...(row.perInstance ?? []).map((detail) => [...instanceCells(row, detail), ...solo(detail.interference)]),
    ]),
  };
}

interface Table {
  header: string[];
  rows: string[][];
}

/** Columns padded to their widest cell in terminal columns, two spaces apart. */
function renderTable({ header, rows: body }: Table): string {
  const widths = header.map((title, i) => Math.max(displayWidth(title), ...body.map((cellsOfRow) => displayWidth(cellsOfRow[i] ?? ''))));
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => padToWidth(value, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

function renderMarkdown({ header, rows: body }: Table): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const line = (values: readonly string[]) => `| ${values.map(escape).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

/** The verdict in a few words: "1.20× slower", "equal ±5 %", "inconclusive: +8 runs", "one run"; the legend says what each means. */
export function shortVerdict(verdict: Verdict, comparison: RatioInterval | undefined, margin: number): string {
  switch (verdict.kind) {
    case 'slower':
      return comparison ? `${comparison.ratio.toFixed(2)}× slower` : verdict.text;
    case 'faster':
      return comparison ? `${(1 / comparison.ratio).toFixed(2)}× faster` : verdict.text;
    case 'equal':
      return `equal ${marginText(margin)}`;
    case 'inconclusive': {
      const more = verdict.moreSamples;
      if (more === undefined || more === null) return `inconclusive: >${MAX_MORE_SAMPLES} runs`;
      return `inconclusive: +${more} ${more === 1 ? 'run' : 'runs'}`;
    }
    case 'needs-runs':
      return 'one run';
    case 'not-comparable':
      return 'not comparable';
    case 'baseline':
    case 'no-baseline':
    case 'no-solo':
      return verdict.text;
  }
}

/** What each short verdict means, for the legend under a table where it appears. */
function verdictMeaning(kind: VerdictKind, margin: number): string | undefined {
  switch (kind) {
    case 'slower':
      return 'N× slower: the ratio is N and its interval lies above 1 (and not inside the margin).';
    case 'faster':
      return 'N× faster: the ratio is 1/N and its interval lies below 1 (and not inside the margin).';
    case 'equal':
      return `equal ${marginText(margin)}: the ratio's interval lies inside 1 ${marginText(margin)} (--margin).`;
    case 'inconclusive':
      return `inconclusive: +N runs: the ratio's interval holds 1 but reaches beyond 1 ${marginText(margin)}; about N more runs of each configuration (in a campaign: rounds) would likely decide, if the ratio and the spread stayed as measured (>${MAX_MORE_SAMPLES}: no practical number would).`;
    case 'needs-runs':
      return "one run: a side has a single run, so the spread between runs is unknown and there is no verdict; the ratio's interval is a 95 % one from repetitions only, outside the table's family-wise level (make runs: mintbench campaign, or --runs K).";
    case 'not-comparable':
      return 'not comparable: a time is not positive.';
    case 'no-baseline':
    case 'no-solo':
    case 'baseline':
      return undefined;
  }
}

/** "0.974 (0.87–1.08)": the ratio and its interval (95 %, or the table's family-wise level), whatever it rests on (the verdict says when that is repetitions). */
function shortRatioText(c: RatioInterval | undefined, isBaseline: boolean): string {
  if (!c) return isBaseline ? '1' : '';
  return `${c.ratio.toFixed(3)} (${boundText(c.ci95.lower)}–${boundText(c.ci95.upper)})`;
}

/** An interval's end in a few characters: "1.23", "1234", "1.1e+12" (a wide interval stays readable). */
function boundText(value: number): string {
  if (value < 1000) return value.toFixed(2);
  if (value < 100_000) return value.toFixed(0);
  return value.toExponential(1);
}

/** The mean and its interval, " !" when the runs are UNSTABLE (the legend says so in words). */
function shortMeanText(stats: ConfigStats): string {
  return `${formatSeconds(stats.meanSeconds)}${halfWidthText(stats)}${stats.unstable ? ' !' : ''}`;
}

// The ratio's interval is 95 % per row, or wider where the table's verdicts hold together: the line above the table says which.
export const SHORT_COMPARISON_HEADER = ['workload', 'size', 'config', 'runs×reps', 'mean ±95 %', 'ratio (interval)', 'verdict', 'thesis'];
const INTERFERENCE_HEADER = ['workload', 'size', 'config', 'vs solo', 'ratio (interval)', 'verdict'];

/** A configuration's label, its instances and whether it was interrupted: its name is said once, above the table. */
function shortConfigText(row: ComparisonRow): string {
  return `${row.config}${instancesText(row)}`;
}

/**
 * The table that fits TERMINAL_COLUMNS: the columns a verdict rests on, short verdicts, and the
 * interference of concurrent instances as a table of its own below (the wide one's `vs solo` column).
 */
export function shortComparisonTables(rows: readonly ComparisonRow[], margin: number): { main: Table; interference?: Table } {
  const measured = (part: Measured, isBaseline: boolean) => [
    runsText(part.stats),
    shortMeanText(part.stats),
    shortRatioText(part.comparison, isBaseline),
    shortVerdict(part.verdict, part.comparison, margin),
  ];
  const main: Table = {
    header: SHORT_COMPARISON_HEADER,
    rows: rows.flatMap((row) => [
      [row.workload, sizeText(row), shortConfigText(row), ...measured(row, row.isBaseline), row.thesis ? thesisText(row.thesis) : ''],
      ...(row.perInstance ?? []).map((detail) => ['', '', `  ${row.config} ${detail.instance}`, ...measured(detail, false), '']),
    ]),
  };
  const soloCells = ({ solo, comparison, verdict }: Interference) => [
    solo,
    shortRatioText(comparison, false),
    shortVerdict(verdict, comparison, margin),
  ];
  const interference = rows.flatMap((row) => [
    ...(row.interference ? [[row.workload, sizeText(row), shortConfigText(row), ...soloCells(row.interference)]] : []),
    ...(row.perInstance ?? []).flatMap((detail) =>
      detail.interference ? [['', '', `  ${row.config} ${detail.instance}`, ...soloCells(detail.interference)]] : [],
    ),
  ]);
  return interference.length > 0 ? { main, interference: { header: INTERFERENCE_HEADER, rows: interference } } : { main };
}

/** "verdicts: 95 % over 7 rows (Bonferroni), each interval at 99.29 %": the line above a table, what its verdicts control. */
export function controlLine(control: TableControl): string {
  const each = control.control === 'family' && control.rows >= 2 ? `, each interval at ${confidenceText(control.significance)}` : '';
  return `verdicts: ${control.text}${each}`;
}

/** Where a row found the baseline only with other parameters: what that means and how to compare them anyway. */
function otherParametersNote(rows: readonly ComparisonRow[]): string[] {
  if (!rows.some((row) => row.verdict.text === NO_BASELINE_WITH_PARAMETERS.text)) return [];
  return [
    `${NO_BASELINE_WITH_PARAMETERS.text}: the baseline ran this workload and size, but with other counts or reads; --pair-by workload,size compares them (the differences are then listed above the table).`,
  ];
}

/** What the intervals of the ratios are and what the verdicts control, for the legend. */
function controlNotes(rows: readonly ComparisonRow[]): string[] {
  const { rows: main, interference } = tableControls(rows);
  const note = (control: TableControl, what: string) => {
    if (control.rows < 2) return `${what}: a 95 % interval.`;
    if (control.control === 'per-row') {
      return `${what}: each interval 95 % on its own (--per-row), so over ${control.rows} verdicts a false slower, faster or equal somewhere is far likelier than 5 %.`;
    }
    return `${what}: the ${control.rows} verdicts hold together at 95 % (${FAMILY_METHOD}: each interval at ${confidenceText(control.significance)}), so the chance of any false slower, faster or equal among them is at most 5 %; --per-row: each at 95 % on its own.`;
  };
  return [note(main, 'ratios'), ...(interference.rows > 0 ? [note(interference, 'interference')] : [])];
}

/** Every verdict a table shows, on its rows, its instances and against solo runs. */
function verdictsShown(rows: readonly ComparisonRow[]): Set<VerdictKind> {
  const kinds = new Set<VerdictKind>();
  for (const row of rows) {
    for (const part of [row, ...(row.perInstance ?? [])]) {
      kinds.add(part.verdict.kind);
      if (part.interference) kinds.add(part.interference.verdict.kind);
    }
  }
  return kinds;
}

const VERDICT_ORDER: readonly VerdictKind[] = ['slower', 'faster', 'equal', 'inconclusive', 'needs-runs', 'not-comparable'];

/** The notes under the short table: what the numbers rest on, what the verdicts shown mean, and where the rest is. */
export function shortComparisonLegend(rows: readonly ComparisonRow[], margin: number): string {
  const shown = verdictsShown(rows);
  const lines = [
    "runs are the sample (a configuration with one run: its repetitions); means' intervals are 95 %; ratios pair runs by campaign round where they share one.",
    ...controlNotes(rows),
    ...VERDICT_ORDER.filter((kind) => shown.has(kind)).flatMap((kind) => verdictMeaning(kind, margin) ?? []),
  ];
  lines.push(...otherParametersNote(rows));
  if (isConcurrent(rows)) {
    lines.push(
      'instances (indented under their configuration, whose row is their mean) ran at the same moment; interference: each of them, and their mean, against the configuration that runs one of them alone, vs solo (--solo CONCURRENT=SOLO).',
    );
  }
  if (rows.some((row) => row.stats.unstable)) {
    lines.push(
      `!: UNSTABLE: the run means vary ${UNSTABLE_F}× more than their repetitions explain (ANOVA F ≥ ${UNSTABLE_F}) and by ${UNSTABLE_BETWEEN_CV * 100} % of the mean or more: make more runs, interleave configurations (mintbench campaign), use a quieter machine or pin the run (--cpu).`,
    );
  }
  lines.push('--wide: every column (cv, share between runs, reps/run) and the verdicts in full.');
  return lines.flatMap((line) => wrapToWidth(line, TERMINAL_COLUMNS, '  ')).join('\n');
}

/** "configurations: 4 Vanilla Linux1/KVM/GuestOS1; ...": the names the short table leaves out, but the baseline's (its title has it). */
function configurationNames(rows: readonly ComparisonRow[], title: string): string {
  const names = new Map<string, string>();
  for (const row of rows) if (!row.isBaseline && row.configName !== undefined) names.set(row.config, `${row.config} ${row.configName}`);
  if (names.size === 0) return '';
  return `${wrapToWidth(`${title}: ${[...names.values()].join('; ')}`, TERMINAL_COLUMNS, '  ').join('\n')}\n`;
}

function renderCsv(rows: readonly ComparisonRow[], margin: number, csv: CsvOptions): string {
  const header = [
    'workload',
    'size_bytes',
    'reads_per_rep',
    'increments_per_rep',
    'copies_per_rep',
    'direct',
    'config',
    'config_name',
    'instances',
    'files',
    'runs',
    'repetitions',
    'mean_seconds',
    'sd_seconds',
    'ci95_low_seconds',
    'ci95_high_seconds',
    'interval_basis',
    'run_cv',
    'repetition_cv',
    'within_run_variance',
    'between_run_variance',
    'between_run_share',
    'anova_f',
    'anova_p',
    'unstable',
    'recommended_reps_per_run',
    'is_baseline',
    'ratio',
    'ratio_ci95_low',
    'ratio_ci95_high',
    'ratio_ci_confidence',
    'ratio_basis',
    'ratio_df',
    'ratio_baseline_n',
    'ratio_n',
    'margin',
    'verdict',
    'verdict_text',
    'more_samples_to_decide',
    'thesis_ratio',
    'thesis_equal',
    'thesis_source',
    'baseline_reads_per_rep',
    'baseline_increments_per_rep',
    'baseline_copies_per_rep',
    'baseline_direct',
  ];
  const concurrent = isConcurrent(rows);
  const soloHeader = [
    'instance',
    'solo_config',
    'solo_ratio',
    'solo_ratio_ci95_low',
    'solo_ratio_ci95_high',
    'solo_ratio_ci_confidence',
    'solo_ratio_basis',
    'solo_verdict',
    'solo_verdict_text',
  ];
  // A configuration's line, or an instance's (`instance` set, its own files, runs and ratio; no thesis).
  const line = (row: ComparisonRow, part: Measured & { files: number; instance?: string; interference?: Interference }) => {
    const { stats, comparison: c, verdict } = part;
    const solo = part.interference;
    const thesis = part.instance === undefined ? row.thesis : undefined;
    const values = [
      row.workload,
      row.sizeBytes,
      row.reads,
      row.increments,
      row.copies,
      row.direct,
      row.config,
      row.configName,
      part.instance ?? row.instances.join(' '),
      part.files,
      stats.runs,
      stats.repetitions,
      stats.meanSeconds,
      stats.sdSeconds,
      stats.ci95?.lower,
      stats.ci95?.upper,
      stats.basis,
      stats.runCv,
      stats.repetitionCv,
      stats.components?.withinVariance,
      stats.components?.betweenVariance,
      stats.components?.betweenShare,
      stats.components?.f,
      stats.components?.p,
      stats.unstable,
      stats.recommendedRepetitionsPerRun,
      row.isBaseline,
      c?.ratio,
      c?.ci95.lower,
      c?.ci95.upper,
      c === undefined ? undefined : 1 - c.significance,
      c?.basis,
      c?.df,
      c?.baselineCount,
      c?.otherCount,
      margin,
      verdict.kind,
      verdict.text,
      verdict.moreSamples,
      thesis?.ratio,
      thesis?.equal,
      thesis?.where,
      row.baselineParameters?.reads,
      row.baselineParameters?.increments,
      row.baselineParameters?.copies,
      row.baselineParameters?.direct,
    ];
    if (!concurrent) return values;
    const s = solo?.comparison;
    return [
      ...values,
      part.instance,
      solo?.solo,
      s?.ratio,
      s?.ci95.lower,
      s?.ci95.upper,
      s === undefined ? undefined : 1 - s.significance,
      s?.basis,
      solo?.verdict.kind,
      solo?.verdict.text,
    ];
  };
  return toCsv(
    concurrent ? [...header, ...soloHeader] : header,
    rows.flatMap((row) => [line(row, row), ...(row.perInstance ?? []).map((detail) => line(row, detail))]),
    csv,
  );
}

/** "  field: from -> to", or the new value on a line of its own where both do not fit TERMINAL_COLUMNS. */
function changeLines({ field, from, to }: EnvironmentChange, fit: boolean): string[] {
  const line = `  ${field}: ${from} -> ${to}`;
  return !fit || displayWidth(line) <= TERMINAL_COLUMNS ? [line] : [`  ${field}: ${from}`, `    -> ${to}`];
}

/**
 * Plain-text lines for above the comparison table: what differs between each configuration's machine
 * and the baseline's, the facts that change numbers (splitChanges) first. `key` (the default): those
 * facts and how many others there are; `all`: every difference, one a line.
 */
export function renderEnvironmentChanges(all: readonly ConfigurationChanges[], baseline: string, detail: EnvDetail = 'key'): string {
  const lines = all.map(({ config, changes }) => {
    const title = `environment ${baseline} -> ${config}:`;
    if (changes.length === 0) return `${title} no difference`;
    const { key, other } = splitChanges(changes);
    if (detail === 'all') return [title, ...[...key, ...other].flatMap((change) => changeLines(change, false))].join('\n');
    const others = `${other.length} other ${other.length === 1 ? 'difference' : 'differences'} (--env all)`;
    if (key.length === 0) return `${title} none in ${KEY_ENVIRONMENT_FACTS}; ${others}`;
    return [title, ...key.flatMap((change) => changeLines(change, true)), ...(other.length > 0 ? [`  and ${others}`] : [])].join('\n');
  });
  return lines.length > 0 ? `${lines.join('\n')}\n\n` : '';
}

/**
 * Lines for above the table, "parameters A -> B: iterations 1000000 -> 1100000": what each
 * configuration's rows compared with the baseline's differ in (rows paired by workload and size).
 */
export function renderParameterChanges(rows: readonly ComparisonRow[], baseline: string): string {
  const workloads = new Set(rows.map((row) => row.workload)).size > 1;
  return parameterChanges(rows)
    .flatMap(({ config, changes }) =>
      wrapToWidth(
        `parameters ${baseline} -> ${config}: ${changes.map((change) => parameterChangeText(change, workloads)).join('; ')}`,
        TERMINAL_COLUMNS,
        '  ',
      ),
    )
    .map((line) => `${line}\n`)
    .join('');
}

export interface RenderOptions {
  /** What differs between each configuration's machine and the baseline's, printed above the table. */
  environment?: readonly ConfigurationChanges[];
  /** The baseline's label, where the title describes it at length. */
  baselineLabel?: string;
  /** The margin the verdicts used (default DEFAULT_MARGIN). */
  margin?: number;
  /** How csv writes text (default: formulas made inert). */
  csv?: CsvOptions;
  /** Table and markdown: every column and the verdicts in full, however wide (default: fit TERMINAL_COLUMNS). */
  wide?: boolean;
  /** Which environment differences the table and markdown print (default: the key ones). */
  env?: EnvDetail;
  /** How the rows were paired with the baseline's (compareRecords' pairBy), for JSON; unsaid where absent. */
  pairBy?: PairBy;
}

/** The notes under the table: what the numbers rest on and what the verdicts and columns mean. */
export function comparisonLegend(rows: readonly ComparisonRow[], margin: number): string {
  const lines = [
    `runs are the sample (a configuration with one run: its repetitions); means' intervals are 95 %, ratios paired by campaign round where runs share one.`,
    ...controlNotes(rows),
    `equal: the ratio's interval lies inside 1 ${marginText(margin)} (--margin); slower/faster: it excludes 1; otherwise inconclusive.`,
    `between: share of the variance that lies between runs; reps/run: repetitions per run that make best use of a time budget (Kalibera and Jones 2013), the rest on more runs.`,
  ];
  lines.push(...otherParametersNote(rows));
  if (isConcurrent(rows)) {
    lines.push(
      `instances (indented under their configuration, whose row is their mean) ran at the same moment; vs solo: each instance, and their mean, against the same configuration's solo run (--solo CONCURRENT=SOLO), the interference.`,
    );
  }
  if (rows.some((row) => row.stats.unstable)) {
    lines.push(
      `UNSTABLE: the run means vary ${UNSTABLE_F}× more than their repetitions explain (ANOVA F ≥ ${UNSTABLE_F}) and by ${UNSTABLE_BETWEEN_CV * 100} % of the mean or more: make more runs, interleave configurations (mintbench campaign), use a quieter machine or pin the run (--cpu).`,
    );
  }
  return lines.join('\n');
}

export function renderComparison(
  rows: readonly ComparisonRow[],
  format: CompareFormat,
  baselineTitle: string,
  options: RenderOptions = {},
): string {
  const environment = options.environment ?? [];
  const baselineLabel = options.baselineLabel ?? baselineTitle;
  const margin = options.margin ?? DEFAULT_MARGIN;
  if (format === 'json') {
    // pairBy only where told: the rows do not say how they were paired.
    const pairing = { ...(options.pairBy ? { pairBy: options.pairBy } : {}), parameters: parameterChanges(rows) };
    return `${JSON.stringify({ baseline: baselineTitle, margin, verdicts: tableControls(rows), ...pairing, environment, rows }, null, 2)}\n`;
  }
  if (format === 'csv') return renderCsv(rows, margin, options.csv ?? {});
  const parameters = renderParameterChanges(rows, baselineLabel);
  const machines = renderEnvironmentChanges(environment, baselineLabel, options.env ?? 'key');
  const changes = parameters !== '' && machines === '' ? `${parameters}\n` : `${parameters}${machines}`;
  const markdown = format === 'markdown';
  const render = markdown ? renderMarkdown : renderTable;
  const title = markdown
    ? `Baseline: ${baselineTitle}. Ratio = mean time / baseline's mean time.\n`
    : `baseline: ${baselineTitle}  (ratio = mean time / baseline mean)\n`;
  const controls = tableControls(rows);
  // No verdict read off an interval (one run a side): nothing to control.
  const verdicts = controls.rows.rows > 0 ? `${controlLine(controls.rows)}\n` : '';
  if (options.wide === true) {
    return `${markdown ? fenced(changes) : changes}${title}${verdicts}\n${render(comparisonTable(rows))}\n\n${comparisonLegend(rows, margin)}\n`;
  }
  const { main, interference } = shortComparisonTables(rows, margin);
  const named = configurationNames(rows, markdown ? 'Configurations' : 'configurations');
  // Markdown: a paragraph of its own, not the title's.
  const names = markdown && named !== '' ? `\n${named}` : named;
  const solo = interference
    ? `\n\n${markdown ? 'Interference' : 'interference'}: each instance, and their mean, against the configuration run alone; ${controls.interference.text}\n\n${render(interference)}`
    : '';
  return `${markdown ? fenced(changes) : changes}${title}${verdicts}${names}\n${render(main)}${solo}\n\n${shortComparisonLegend(rows, margin)}\n`;
}

function fenced(text: string): string {
  return text === '' ? '' : `\`\`\`\n${text.trimEnd()}\n\`\`\`\n\n`;
}
