// The thesis's figures (6.1 CPU, 6.2 memory, 6.3 I/O) from result files: one bar chart per workload,
// each configuration's mean time per repetition with the 95 % confidence interval of the mean and a
// dot for each run's mean, all as compare computes them (configStats).
// Pure (records in, vega-lite specs and SVG text out) but for one setting of vega's text width estimate
// at load. Figures are made from result files, never while measuring: only the plot command loads this.
import * as vega from 'vega';
import { compile, version as vegaLiteVersion, type TopLevelSpec } from 'vega-lite';

import { compareLabels, groupSeries, type SeriesGroup } from '../compare/compare.js';
import { configStats, type IntervalBasis } from '../compare/config-stats.js';
import { describeConfiguration } from '../results/configs.js';
import type { ResultRecord } from '../results/schema.js';
import type { WorkloadName } from '../measure/plan.js';
import { slug } from '../base/slug.js';
import { formatBytes } from '../base/units.js';
import { FIGURE_FONT, textWidthPx } from './text-width.js';

/** What the figure of each workload is in the thesis, and what a repetition does. */
const WORKLOADS: Record<WorkloadName, { title: string; sizeTitle: string }> = {
  cpu: { title: 'CPU: register-increment loop (thesis fig. 6.1)', sizeTitle: '' },
  mem: { title: 'Memory: memcpy (thesis fig. 6.2)', sizeTitle: 'bytes per copy' },
  io: { title: 'I/O: random lseek() + read() (thesis fig. 6.3)', sizeTitle: 'bytes per read' },
  mix: { title: 'Mix of reads, increments and copies', sizeTitle: 'bytes per read and copy' },
};

/** What draws the SVG figures, for the report's list of versions. */
export const FIGURE_RENDERERS = [`Vega-Lite ${vegaLiteVersion}`, `Vega ${vega.version}`];

/** What every figure shares: a white background, titles on the left, the font its text is laid out for. */
export const FIGURE_CONFIG = { background: 'white', font: FIGURE_FONT, title: { anchor: 'start' } } as const;

/** Said in the title of every figure with a configuration measured on an emulated CPU. */
export const EMULATED_MARK = 'EMULATED (TCG)';
const SECONDS_TO_MS = 1e3;
/** vega's default font size. */
const DEFAULT_FONT_SIZE_PX = 11;
/** Pixels per bar; wide enough for the error bar's ticks, narrow enough for 7 configurations × 3 sizes. */
const BAR_STEP_PX = 28;
const PLOT_HEIGHT_PX = 260;
/** No limit (0): a label is at most a 64-character label, a thesis name and the emulation mark, and must show whole. */
const AXIS_LABEL_LIMIT_PX = 0;

/** One bar: a configuration's runs at one size. */
export interface FigureBar {
  config: string;
  /** The x-axis label: label and thesis name, and the emulation mark when it applies. */
  configText: string;
  sizeBytes: number | null;
  /** "256K", or "-" for sizeless workloads (cpu). */
  size: string;
  runs: number;
  repetitions: number;
  files: number;
  /** The mean of the run means (compare's mean). */
  meanMs: number;
  /** Compare's 95 % interval of the mean, over the run means (basis `runs`) or one run's repetitions; null for a single value (no error bar). */
  ciLowerMs: number | null;
  ciUpperMs: number | null;
  basis: IntervalBasis;
  /** Each run's mean, drawn as a dot over the bar. */
  runMeansMs: number[];
  emulated: boolean;
  interrupted: boolean;
}

/** One dot: a run's mean time, placed like its configuration's bar. */
interface RunDot {
  configText: string;
  size: string;
  sizeBytes: number | null;
  runMs: number;
}

export interface Figure {
  /** File name stem: the workload, with its work per repetition when one workload has several. */
  name: string;
  workload: WorkloadName;
  title: string;
  subtitle: string[];
  bars: FigureBar[];
  spec: TopLevelSpec;
}

/** The run was made on an emulated CPU (QEMU TCG): its machine says so, or a warning does. */
export function isEmulated(record: ResultRecord): boolean {
  return record.machine.virtualization.emulated || record.warnings.some((warning) => warning.code === 'emulated');
}

function count(value: number, one: string): string {
  return `${value.toLocaleString('en-US')} ${one}`;
}

/** What one repetition did, e.g. "8,000 memcpy calls of each size per repetition". */
function workText(group: SeriesGroup): string {
  const parts: string[] = [];
  if (group.reads > 0)
    parts.push(count(group.reads, 'random reads') + (group.direct === false ? ' (buffered: page cache, not the disk)' : ''));
  if (group.increments > 0) parts.push(count(group.increments, 'register increments'));
  if (group.copies > 0) parts.push(count(group.copies, 'memcpy calls'));
  const each = group.sizeBytes === null ? '' : ' of each size';
  return `${parts.join(', ') || 'no work'}${each} per repetition`;
}

/** Groups that share a workload and work per repetition (and direct flag) form one figure. */
function figureKey(group: SeriesGroup): string {
  return JSON.stringify([group.workload, group.reads, group.increments, group.copies, group.direct]);
}

/** A file name stem made of letters, digits and dashes only, whatever a result file holds. */
function stem(parts: readonly (string | number)[]): string {
  return (
    parts
      .map((part) => slug(String(part)))
      .filter((part) => part !== '')
      .join('-') || 'figure'
  );
}

function variantStem(group: SeriesGroup): string {
  return stem([
    group.workload,
    ...(group.reads > 0 ? [`${group.reads}reads`] : []),
    ...(group.increments > 0 ? [`${group.increments}increments`] : []),
    ...(group.copies > 0 ? [`${group.copies}copies`] : []),
    ...(group.direct === false ? ['buffered'] : []),
  ]);
}

function barsOf(groups: readonly SeriesGroup[], emulatedFiles: ReadonlySet<string>): FigureBar[] {
  const bars: FigureBar[] = [];
  for (const group of groups) {
    for (const config of [...group.byConfig.keys()].sort(compareLabels)) {
      const entry = group.byConfig.get(config);
      if (!entry) continue;
      const stats = configStats(entry.runs);
      const emulated = [...entry.files].some((file) => emulatedFiles.has(file));
      const described = describeConfiguration(entry.name === undefined ? { label: config } : { label: config, name: entry.name });
      bars.push({
        config,
        configText: emulated ? `${described} — ${EMULATED_MARK}` : described,
        sizeBytes: group.sizeBytes,
        size: group.sizeBytes === null ? '-' : formatBytes(group.sizeBytes),
        runs: stats.runs,
        repetitions: stats.repetitions,
        files: entry.files.size,
        meanMs: stats.meanSeconds * SECONDS_TO_MS,
        ciLowerMs: stats.ci95 ? stats.ci95.lower * SECONDS_TO_MS : null,
        ciUpperMs: stats.ci95 ? stats.ci95.upper * SECONDS_TO_MS : null,
        basis: stats.basis,
        runMeansMs: stats.runMeans.map((seconds) => seconds * SECONDS_TO_MS),
        emulated,
        interrupted: entry.interrupted,
      });
    }
  }
  return bars;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function subtitleOf(groups: readonly SeriesGroup[], bars: readonly FigureBar[]): string[] {
  const [first] = groups;
  const lines = [
    first ? workText(first) : '',
    "bars: mean of the runs' means; dots: each run's mean; error bars: 95 % confidence interval of the mean over the runs",
  ];
  const emulated = unique(bars.filter((bar) => bar.emulated).map((bar) => bar.config));
  if (emulated.length > 0) {
    lines.push(`${EMULATED_MARK}: configuration ${emulated.join(', ')} ran on an emulated CPU; its times say nothing about hardware`);
  }
  const interrupted = unique(bars.filter((bar) => bar.interrupted).map((bar) => bar.config));
  if (interrupted.length > 0) lines.push(`interrupted runs (fewer repetitions) in configuration ${interrupted.join(', ')}`);
  const oneRun = unique(bars.filter((bar) => bar.basis === 'repetitions' && bar.ciLowerMs !== null).map((bar) => bar.config));
  if (oneRun.length > 0) {
    lines.push(
      `one run of configuration ${oneRun.join(', ')}: its error bar spans that run's repetitions only, not the spread between runs`,
    );
  }
  const single = unique(bars.filter((bar) => bar.ciLowerMs === null).map((bar) => bar.config));
  if (single.length > 0) lines.push(`no error bar for configuration ${single.join(', ')}: a single repetition`);
  return lines;
}

type LayeredSpec = Extract<TopLevelSpec, { layer: unknown }>;
type FacetedSpec = Extract<TopLevelSpec, { facet: unknown }>;

/** Bars, error bars where there is an interval, and a dot per run, over the configurations; rows tell bars from runs by `kind`. */
function layers(configOrder: string[]): LayeredSpec['layer'] {
  // No x title: the labels name the configurations, and a title would repeat under every size's panel.
  const x = { field: 'configText', type: 'nominal', sort: configOrder, title: null } as const;
  // Both layers carry the title, so that vega-lite does not join it with the interval's field name.
  const yTitle = 'mean time per repetition (ms)';
  return [
    {
      name: 'bars',
      transform: [{ filter: "datum.kind == 'bar'" }],
      mark: { type: 'bar' },
      encoding: {
        x: { ...x, axis: { labelAngle: -40, labelLimit: AXIS_LABEL_LIMIT_PX } },
        y: { field: 'meanMs', type: 'quantitative', title: yTitle },
        color: { field: 'configText', type: 'nominal', sort: configOrder, legend: null },
      },
    },
    {
      name: 'ci95',
      transform: [{ filter: "datum.kind == 'bar' && datum.ciLowerMs != null" }],
      mark: { type: 'errorbar', ticks: true, color: 'black' },
      encoding: { x, y: { field: 'ciLowerMs', type: 'quantitative', title: yTitle }, y2: { field: 'ciUpperMs' } },
    },
    {
      name: 'runs',
      transform: [{ filter: "datum.kind == 'run'" }],
      mark: { type: 'point', filled: true, color: 'black', opacity: 0.7, size: 18 },
      encoding: { x, y: { field: 'runMs', type: 'quantitative', title: yTitle } },
    },
  ];
}

function runDots(bars: readonly FigureBar[]): RunDot[] {
  return bars.flatMap((bar) =>
    bar.runMeansMs.map((runMs) => ({ configText: bar.configText, size: bar.size, sizeBytes: bar.sizeBytes, runMs })),
  );
}

/** The vega-lite spec of one figure: bars per configuration, in one panel per size when there are sizes. */
function figureSpec(workload: WorkloadName, title: string, subtitle: readonly string[], bars: readonly FigureBar[]): TopLevelSpec {
  const head = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: [...subtitle] },
    data: { values: [...bars.map((bar) => ({ kind: 'bar', ...bar })), ...runDots(bars).map((dot) => ({ kind: 'run', ...dot }))] },
    config: FIGURE_CONFIG,
  } satisfies Partial<LayeredSpec>;
  const panel = {
    width: { step: BAR_STEP_PX },
    height: PLOT_HEIGHT_PX,
    layer: layers(unique(bars.map((bar) => bar.configText))),
  } satisfies FacetedSpec['spec'];
  if (bars.every((bar) => bar.sizeBytes === null)) return { ...head, ...panel };
  const sizes = unique([...bars].sort((a, b) => (a.sizeBytes ?? 0) - (b.sizeBytes ?? 0)).map((bar) => bar.size));
  return {
    ...head,
    facet: { column: { field: 'size', type: 'ordinal', sort: sizes, title: WORKLOADS[workload].sizeTitle } },
    spec: panel,
  };
}

/**
 * One figure per workload (cpu, mem, io, mix, in that order) and work per repetition, from every
 * readable record, pooled per configuration and size as compare pools them.
 */
export function buildFigures(records: readonly { file: string; record: ResultRecord }[]): Figure[] {
  const emulatedFiles = new Set(records.filter(({ record }) => isEmulated(record)).map(({ file }) => file));
  const byFigure = new Map<string, SeriesGroup[]>();
  for (const group of groupSeries(records)) {
    const key = figureKey(group);
    byFigure.set(key, [...(byFigure.get(key) ?? []), group]);
  }
  const perWorkload = new Map<string, number>();
  for (const [first] of byFigure.values()) if (first) perWorkload.set(first.workload, (perWorkload.get(first.workload) ?? 0) + 1);
  const figures: Figure[] = [];
  for (const groups of byFigure.values()) {
    const [first] = groups;
    if (!first) continue;
    const bars = barsOf(groups, emulatedFiles);
    const subtitle = subtitleOf(groups, bars);
    const emulated = bars.some((bar) => bar.emulated);
    const title = `${WORKLOADS[first.workload].title}${emulated ? ` — ${EMULATED_MARK}` : ''}`;
    figures.push({
      name: (perWorkload.get(first.workload) ?? 0) > 1 ? variantStem(first) : stem([first.workload]),
      workload: first.workload,
      title,
      subtitle,
      bars,
      spec: figureSpec(first.workload, title, subtitle, bars),
    });
  }
  return figures;
}

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: unknown;
}

// vega uses a replaced `textMetrics.width` as it is (vl-convert replaces it too): the widest line of a
// text item, as DejaVu Sans sets it.
const metrics = (vega as unknown as { textMetrics?: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
if (metrics) {
  metrics.width = (item, text) => {
    const value = text ?? item.text;
    const lines: unknown[] = Array.isArray(value) ? value : [value];
    const bold = item.fontWeight === 'bold' || (typeof item.fontWeight === 'number' && item.fontWeight >= 600);
    const size = item.fontSize ?? DEFAULT_FONT_SIZE_PX;
    return Math.ceil(
      Math.max(
        0,
        ...lines.map((line) => (typeof line === 'string' || typeof line === 'number' ? textWidthPx(String(line), size, bold) : 0)),
      ),
    );
  };
}

/** Renders a vega-lite spec to SVG text, headless (no browser, no canvas); the specs above hold their data inline. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
