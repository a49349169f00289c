// The report of a study: what was compared, each configuration's machine and warnings, the machine
// differences, compare's table, the overhead chart, the thesis's figures, every run, and how it was
// measured. Built once as blocks of text, tables and figures, so that the HTML page and the Markdown
// file say the same (report-html.ts, report-markdown.ts). Pure: records in, blocks and figure specs out.
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';

import { expected } from '../base/errors.js';
import { formatSeconds } from '../base/units.js';
import { MINTBENCH_VERSION } from '../base/version.js';
import {
  compareLabels,
  compareRecords,
  groupSeries,
  NO_BASELINE_WITH_PARAMETERS,
  tableControls,
  thesisText,
  type ComparisonRow,
  type PairBy,
  type SeriesGroup,
} from '../compare/compare.js';
import type { VerdictControl } from '../stats/family.js';
import { environmentChanges } from '../compare/environment.js';
import { machineSections } from '../env/render.js';
import type { Warning } from '../env/warnings.js';
import { describeConfiguration } from '../results/configs.js';
import type { ReferenceComparison } from '../results/reference.js';
import type { ResultRecord } from '../results/schema.js';
import type { LoadedRecord } from '../results/store.js';
import { summarize } from '../stats/summary.js';
import { comparisonLegend, comparisonTable, interferenceText, renderParameterChanges } from './compare-format.js';
import { buildOverheadChart, seriesNamer } from './overhead.js';
import { buildFigures, EMULATED_MARK, isEmulated } from './plot.js';

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  /** Something the reader must not miss: an emulated CPU, interrupted runs. */
  | { kind: 'alert'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] }
  /** One of `figures`, by name. */
  | { kind: 'figure'; name: string; title: string };

export interface ReportFigure {
  /** File name stem: overhead, cpu, mem, io, mix. */
  name: string;
  title: string;
  spec: TopLevelSpec;
}

export interface Report {
  title: string;
  blocks: Block[];
  /** The overhead chart first, then the thesis's figures. */
  figures: ReportFigure[];
}

export interface ReportVersions {
  /** What draws the figures: "Vega-Lite 5.23.0", ... */
  renderers: string[];
}

/** One configuration's result files, in the order given (its machine is its first file's, as compare takes it). */
interface ConfigurationFiles {
  label: string;
  title: string;
  first: LoadedRecord;
  files: LoadedRecord[];
}

function byConfiguration(records: readonly LoadedRecord[]): ConfigurationFiles[] {
  const map = new Map<string, ConfigurationFiles>();
  for (const loaded of records) {
    const { configuration } = loaded.record;
    const known = map.get(configuration.label);
    if (known) known.files.push(loaded);
    else
      map.set(configuration.label, {
        label: configuration.label,
        title: describeConfiguration(configuration),
        first: loaded,
        files: [loaded],
      });
  }
  return [...map.values()].sort((a, b) => compareLabels(a.label, b.label));
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "2026-11-28 10:04:43 UTC" from an ISO time. */
function utc(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`;
}

function summarySection(
  configs: readonly ConfigurationFiles[],
  baseline: string,
  rows: readonly ComparisonRow[],
  emulated: ReadonlySet<string>,
): Block[] {
  const others = configs.filter((config) => config.label !== baseline);
  const baseTitle = configs.find((config) => config.label === baseline)?.title ?? baseline;
  const changes = new Map(
    environmentChanges(
      configs.flatMap((config) => config.files),
      baseline,
    ).map((c) => [c.config, c.changes]),
  );
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Summary' }];
  for (const config of configs.filter((c) => emulated.has(c.label))) {
    blocks.push({
      kind: 'alert',
      text: `${EMULATED_MARK}: configuration ${config.title} ran on an emulated CPU (QEMU TCG): its times and ratios say nothing about hardware.`,
    });
  }
  const interrupted = configs.filter((config) => config.files.some(({ record }) => record.interrupted));
  if (interrupted.length > 0) {
    blocks.push({
      kind: 'alert',
      text: `Interrupted runs (fewer repetitions) in configuration ${interrupted.map((c) => c.label).join(', ')}.`,
    });
  }
  blocks.push({
    kind: 'paragraph',
    text: `${others.map((c) => c.title).join(', ')} against the baseline ${baseTitle}: ratio of mean times per repetition, as mintbench compare gives it.`,
  });
  blocks.push({
    kind: 'table',
    header: ['configuration', 'result files', 'made', 'machine', 'notes'],
    rows: configs.map((config) => {
      const starts = config.files.map(({ record }) => record.startedAt).sort();
      const first = starts[0] ?? config.first.record.startedAt;
      const last = starts.at(-1) ?? first;
      const diff = changes.get(config.label);
      const machine =
        config.label === baseline
          ? 'baseline'
          : diff === undefined
            ? ''
            : diff.length === 0
              ? 'same description as the baseline'
              : plural(diff.length, 'difference');
      const notes = unique(config.files.map(({ record }) => record.configuration.note).filter((note) => note !== undefined));
      return [config.title, String(config.files.length), `${utc(first)} to ${utc(last)}`, machine, notes.join(' / ')];
    }),
  });
  const name = seriesNamer(rows);
  const series = unique(rows.map(name));
  blocks.push({
    kind: 'paragraph',
    text: `Verdicts at a glance (the ratio's interval, ${tableControls(rows).rows.text}; the thesis in brackets where it reported this pair):`,
  });
  blocks.push({
    kind: 'table',
    header: ['workload and size', ...others.map((c) => c.title)],
    rows: series.map((s) => [
      s,
      ...others.map((config) => {
        const row = rows.find((r) => name(r) === s && r.config === config.label);
        if (!row) return '';
        const solo = row.interference ? `; ${interferenceText(row.interference)}` : '';
        return `${row.verdict.text}${solo}${row.thesis ? ` [thesis: ${thesisText(row.thesis)}]` : ''}`;
      }),
    ]),
  });
  return blocks;
}

/** Each warning code once per configuration, with how many of its files carry it. */
function warningItems(files: readonly LoadedRecord[]): string[] {
  const byCode = new Map<string, { warning: Warning; files: number }>();
  for (const { record } of files) {
    const inThisFile = new Set<string>();
    for (const warning of record.warnings) {
      if (inThisFile.has(warning.code)) continue;
      inThisFile.add(warning.code);
      const seen = byCode.get(warning.code);
      byCode.set(warning.code, { warning: seen?.warning ?? warning, files: (seen?.files ?? 0) + 1 });
    }
  }
  return [...byCode.values()].map(
    ({ warning, files: count }) =>
      `${warning.code} (in ${count} of ${files.length} files): ${warning.message}; what to do: ${warning.remedy}`,
  );
}

function machinesSection(configs: readonly ConfigurationFiles[], baseline: string): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Machines and warnings' }];
  for (const config of configs) {
    const { first } = config;
    blocks.push({ kind: 'heading', level: 3, text: `${config.title}${config.label === baseline ? ' (baseline)' : ''}` });
    blocks.push({
      kind: 'paragraph',
      text: `As recorded in ${path.basename(first.file)}, the first of its ${plural(config.files.length, 'result file')}.`,
    });
    blocks.push({
      kind: 'table',
      header: ['part', 'what', 'value'],
      rows: machineSections(first.record.machine).flatMap(({ title, rows }) =>
        rows.map(([label, value], i) => [i === 0 ? title : '', label, value]),
      ),
    });
    const warnings = warningItems(config.files);
    blocks.push(
      warnings.length === 0 ? { kind: 'paragraph', text: 'No warnings.' } : { kind: 'list', items: warnings.map((w) => `warning ${w}`) },
    );
  }
  return blocks;
}

function environmentSection(records: readonly LoadedRecord[], baseline: string): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'Environment differences against the baseline' },
    {
      kind: 'paragraph',
      text: "Machine fields that differ from the baseline's (each configuration's first result file), as compare prints them; what changes on every run (timer overhead, calibration fit, load) is left out.",
    },
  ];
  for (const { config, changes } of environmentChanges(records, baseline)) {
    blocks.push({
      kind: 'list',
      items:
        changes.length === 0
          ? [`${baseline} → ${config}: no difference`]
          : changes.map(({ field, from, to }) => `${baseline} → ${config}: ${field}: ${from} → ${to}`),
    });
  }
  return blocks;
}

function comparisonSection(rows: readonly ComparisonRow[], baseTitle: string, baseline: string, margin: number): Block[] {
  const parameters = renderParameterChanges(rows, baseline)
    .trimEnd()
    .split('\n')
    .filter((line) => line !== '');
  return [
    { kind: 'heading', level: 2, text: 'Comparison' },
    {
      kind: 'paragraph',
      text: `Baseline: ${baseTitle}. Ratio = mean time / baseline's mean time; thesis: what the thesis reported for the pair. The same table, and notes, as mintbench compare prints.`,
    },
    // What the rows paired by workload and size differ in, as compare prints it above its table.
    ...(parameters.length > 0 ? [{ kind: 'list' as const, items: parameters }] : []),
    { kind: 'table', ...comparisonTable(rows) },
    { kind: 'list', items: comparisonLegend(rows, margin).split('\n') },
  ];
}

function runsSection(configs: readonly ConfigurationFiles[], name: (series: SeriesGroup) => string): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'Runs' },
    {
      kind: 'paragraph',
      text: "Every result file, one run of each part, per workload and size: the mean time per repetition over its measured repetitions (warm-up discarded), which compare takes as one sample, and the repetitions' coefficient of variation; round: the campaign round and the run's position in it; migrated: repetitions during which the thread changed CPU.",
    },
  ];
  for (const config of configs) {
    // The columns: every series of the configuration, in compare's order; each file's cells: its own series, grouped as compare groups them.
    const columns = unique(groupSeries(config.files).map(name));
    blocks.push({ kind: 'heading', level: 3, text: config.title });
    blocks.push({
      kind: 'table',
      header: ['result file', 'started', 'round', 'instance', 'n', ...columns, 'migrated'],
      rows: config.files.map((loaded) => {
        const { file, record } = loaded;
        const cells = new Map<string, string>();
        const counts: number[] = [];
        for (const group of groupSeries([loaded])) {
          const seconds = [...group.byConfig.values()].flatMap((entry) => entry.runs.flatMap((run) => run.seconds));
          const summary = summarize(seconds);
          counts.push(summary.count);
          cells.set(name(group), `${formatSeconds(summary.mean)}, cv ${(summary.coefficientOfVariation * 100).toFixed(1)} %`);
        }
        const migrated = record.runs
          .flatMap((run) => run.series.flatMap((series) => series.repetitions))
          .filter((rep) => rep.migrated).length;
        return [
          `${path.basename(file)}${record.interrupted ? ' (interrupted)' : ''}`,
          utc(record.startedAt),
          record.campaign ? `${record.campaign.round} (${record.campaign.position})` : '',
          record.configuration.instance ?? '',
          unique(counts.map(String)).join(', '),
          ...columns.map((column) => cells.get(column) ?? ''),
          String(migrated),
        ];
      }),
    });
  }
  return blocks;
}

/** "5 (1 warm-up)" per distinct repetition plan of a configuration's runs. */
function repetitionPlans(records: readonly ResultRecord[]): string {
  return unique(
    records.flatMap((record) => record.runs.map((run) => `${run.parameters.repetitions} measured after ${run.parameters.warmup} warm-up`)),
  ).join(', ');
}

function methodSection(configs: readonly ConfigurationFiles[], work: readonly string[], versions: ReportVersions): Block[] {
  return [
    { kind: 'heading', level: 2, text: 'How it was measured' },
    {
      kind: 'paragraph',
      text: "Each repetition is one timed region that holds only the workload, counted with the CPU's cycle counter (the timer rows under Machines say which, and its calibrated frequency); everything that allocates, opens or draws random numbers happens before the first region.",
    },
    { kind: 'list', items: work.map((line) => `work: ${line}`) },
    {
      kind: 'paragraph',
      text: "Statistics: as mintbench compare computes them (the notes under Comparison; mintbench's docs/comparing.md, section Statistics, has the formulas). Runs are the sample: each result file's mean per workload and size is one, paired with the baseline's by campaign round where runs share a campaign.",
    },
    {
      kind: 'table',
      header: ['configuration', 'repetitions per size', 'mintbench', 'node', 'kernel'],
      rows: configs.map((config) => {
        const records = config.files.map(({ record }) => record);
        return [
          config.title,
          repetitionPlans(records),
          unique(records.map((r) => r.mintbenchVersion)).join(', '),
          unique(records.map((r) => r.machine.os.node)).join(', '),
          unique(records.map((r) => r.machine.os.kernel ?? 'unknown')).join(', '),
        ];
      }),
    },
    { kind: 'paragraph', text: `Report made by mintbench ${MINTBENCH_VERSION}; figures drawn with ${versions.renderers.join(', ')}.` },
  ];
}

/**
 * The report of `records` against configuration `baseline`. Throws a usage error (exit 2) when the
 * baseline is not among them or no other configuration shares a workload and size with it.
 */
export function buildReport(
  records: readonly LoadedRecord[],
  baseline: string,
  options: { reference: readonly ReferenceComparison[]; margin: number; control?: VerdictControl; pairBy?: PairBy },
  versions: ReportVersions,
): Report {
  const rows = compareRecords(records, baseline, options);
  if (!rows.some((row) => !row.isBaseline && row.verdict.kind !== 'no-baseline')) {
    const labels = unique(records.map(({ record }) => record.configuration.label)).sort(compareLabels);
    throw expected(
      'result files of another configuration with a workload and size the baseline also has',
      'paths',
      labels.join(', '),
      `nothing to compare with baseline ${baseline}${
        rows.some((row) => row.verdict.text === NO_BASELINE_WITH_PARAMETERS.text)
          ? ' with the same parameters (--pair-by workload,size compares other ones)'
          : ''
      }`,
    );
  }
  const configs = byConfiguration(records);
  const emulated = new Set(records.filter(({ record }) => isEmulated(record)).map(({ record }) => record.configuration.label));
  const baseTitle = configs.find((config) => config.label === baseline)?.title ?? baseline;
  const sameMachine = new Set(
    environmentChanges(records, baseline)
      .filter(({ changes }) => changes.length === 0)
      .map(({ config }) => config),
  );
  const overhead = buildOverheadChart(rows, baseTitle, { emulated, sameMachine });
  const figures = buildFigures(records);
  const title = `mintbench report: ${configs
    .filter((c) => c.label !== baseline)
    .map((c) => c.label)
    .join(', ')} against ${baseline}`;
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: title },
    {
      kind: 'paragraph',
      text: `From ${plural(records.length, 'result file')}: ${unique(records.map(({ file }) => path.dirname(file))).join(', ')}.`,
    },
    ...summarySection(configs, baseline, rows, emulated),
    ...machinesSection(configs, baseline),
    ...environmentSection(records, baseline),
    ...comparisonSection(rows, baseTitle, baseline, options.margin),
    { kind: 'heading', level: 2, text: 'Overhead' },
    { kind: 'figure', name: 'overhead', title: overhead.title },
    { kind: 'heading', level: 2, text: "The thesis's figures" },
    ...figures.map((figure): Block => ({ kind: 'figure', name: figure.name, title: figure.title })),
    ...runsSection(configs, seriesNamer(rows)),
    ...methodSection(configs, unique(figures.map((figure) => `${figure.name}: ${figure.subtitle[0] ?? ''}`)), versions),
  ];
  return {
    title,
    blocks,
    figures: [
      { name: 'overhead', title: overhead.title, spec: overhead.spec },
      ...figures.map(({ name, title: t, spec }) => ({ name, title: t, spec })),
    ],
  };
}
