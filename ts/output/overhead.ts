// The overhead chart: per workload and size, each configuration's ratio to the baseline as a point
// with its interval (95 %, or the table's family-wise level, as compare's) on a log axis, a line at
// 1.0, the thesis's ratio beside it and the verdict written next to it. Its input is compare's rows as they are (a thin mapping), so the chart shows
// exactly compare's numbers. Pure: rows in, a vega-lite spec out.
import type { TopLevelSpec } from 'vega-lite';

import { tableControls, thesisText, type ComparisonRow } from '../compare/compare.js';
import { describeConfiguration } from '../results/configs.js';
import { controlLine, sizeText } from './compare-format.js';
import { EMULATED_MARK, FIGURE_CONFIG } from './plot.js';

/** One drawn comparison: a configuration against the baseline at one workload and size. */
export interface OverheadPoint {
  /** The band it is drawn in: "mem 1M", with the work per repetition when a workload has several. */
  series: string;
  config: string;
  /** The legend's label: label and thesis name, and the emulation mark when it applies. */
  configText: string;
  ratio: number;
  lower: number;
  upper: number;
  /** The verdict as compare words it, and the thesis's statement after it where there is one. */
  label: string;
  /** The interval rests on one run's repetitions only (compare gives it no verdict): drawn dotted. */
  repetitionsOnly: boolean;
  /** Where the label starts: right of the interval and of the thesis's mark. */
  labelAt: number;
  thesisRatio: number | null;
}

export interface OverheadChart {
  title: string;
  subtitle: string[];
  points: OverheadPoint[];
  spec: TopLevelSpec;
}

/** What names a series: compare's rows have it, and so have the groups of groupSeries(). */
type SeriesFields = Pick<ComparisonRow, 'workload' | 'sizeBytes' | 'direct' | 'reads' | 'increments' | 'copies'>;

/** Pixels per configuration within a band; room for the point, its label and a gap. */
const OFFSET_STEP_PX = 22;
const PLOT_WIDTH_PX = 360;
const THESIS_MARK = '◇';

/**
 * Names the band of each row: "cpu", "mem 1M", "io 1M buffered", with the work per repetition when a
 * workload was measured with more than one (the report's glance table uses the same names).
 */
export function seriesNamer(rows: readonly SeriesFields[]): (row: SeriesFields) => string {
  const variants = new Map<string, Set<string>>();
  for (const row of rows) {
    const key = JSON.stringify([row.reads, row.increments, row.copies]);
    variants.set(row.workload, (variants.get(row.workload) ?? new Set()).add(key));
  }
  return (row) => {
    const base = `${row.workload} ${sizeText(row)}`.replace(/ -$/, '');
    if ((variants.get(row.workload)?.size ?? 0) < 2) return base;
    const counts = [
      row.reads > 0 ? `${row.reads} reads` : '',
      row.increments > 0 ? `${row.increments} increments` : '',
      row.copies > 0 ? `${row.copies} copies` : '',
    ].filter((part) => part !== '');
    return `${base} (${counts.join(', ')})`;
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** What the chart should say about some configurations, by label. */
export interface OverheadMarks {
  /** A run on an emulated CPU: marked as plot marks it. */
  emulated?: ReadonlySet<string>;
  /** A machine described exactly as the baseline's (compare's environment differences are none). */
  sameMachine?: ReadonlySet<string>;
}

/** Said beside a configuration measured on a machine described exactly as the baseline's. */
export const SAME_MACHINE_MARK = 'same machine as the baseline';

/** The chart of compare's rows against `baselineTitle`. */
export function buildOverheadChart(
  rows: readonly ComparisonRow[],
  baselineTitle: string,
  { emulated = new Set(), sameMachine = new Set() }: OverheadMarks = {},
): OverheadChart {
  const seriesOf = seriesNamer(rows);
  const points: OverheadPoint[] = [];
  const notDrawn: string[] = [];
  for (const row of rows) {
    if (row.isBaseline) continue;
    const series = seriesOf(row);
    const comparison = row.comparison;
    if (!comparison) {
      notDrawn.push(`${row.config} at ${series} (${row.verdict.text})`);
      continue;
    }
    const described = describeConfiguration(
      row.configName === undefined ? { label: row.config } : { label: row.config, name: row.configName },
    );
    const thesisRatio = row.thesis ? row.thesis.ratio : null;
    points.push({
      series,
      config: row.config,
      configText: [
        described,
        ...(emulated.has(row.config) ? [EMULATED_MARK] : []),
        ...(sameMachine.has(row.config) ? [SAME_MACHINE_MARK] : []),
      ].join(' — '),
      ratio: comparison.ratio,
      lower: comparison.ci95.lower,
      upper: comparison.ci95.upper,
      label: row.thesis ? `${row.verdict.text}; thesis: ${thesisText(row.thesis)}` : row.verdict.text,
      repetitionsOnly: comparison.basis === 'repetitions',
      labelAt: Math.max(comparison.ci95.upper, thesisRatio ?? 0),
      thesisRatio,
    });
  }
  const anyEmulated = points.some((point) => emulated.has(point.config));
  const title = `Overhead relative to the baseline, ${baselineTitle}${anyEmulated ? ` — ${EMULATED_MARK}` : ''}`;
  const subtitle = [
    `point: ratio of mean times per repetition (configuration / baseline), as compare gives it; bar: its interval over runs; ${controlLine(tableControls(rows).rows)}`,
    `dashed line: 1.0 (no difference); ${THESIS_MARK}: what the thesis reported for the pair, where it states a ratio`,
  ];
  if (anyEmulated) subtitle.push(`${EMULATED_MARK}: a configuration ran on an emulated CPU; its ratios say nothing about hardware`);
  const same = unique(points.filter((point) => sameMachine.has(point.config)).map((point) => point.config));
  if (same.length > 0) {
    subtitle.push(
      `${SAME_MACHINE_MARK}: ${same.join(', ')} ran on a machine described exactly as the baseline's; what differs there is noise or load, not the configuration`,
    );
  }
  if (points.some((point) => point.repetitionsOnly)) {
    subtitle.push('dotted bar: one run of a configuration, so an interval from its repetitions only, and no verdict');
  }
  if (notDrawn.length > 0) subtitle.push(`not drawn: ${notDrawn.join('; ')}`);
  return { title, subtitle, points, spec: overheadSpec(title, subtitle, points) };
}

/** Ratios a reader knows (½, ⅔, 0.8 … 1.25, 1.5, 2 …): a log axis's own ticks leave out those above 1 on a short range. */
const RATIO_TICKS = [0.1, 0.2, 0.25, 0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 4, 5, 10, 20, 50, 100, 200, 500, 1000];

/**
 * The ticks inside the span of every point, interval, thesis mark and the line at 1, from 1 outward,
 * each at least a tenth of the span (on the log axis) from the one before, so that none overlap.
 */
export function ratioTicks(points: readonly OverheadPoint[]): number[] {
  const values = [1, ...points.flatMap((point) => [point.lower, point.upper, point.ratio, point.thesisRatio ?? 1])].filter(
    (value) => value > 0 && Number.isFinite(value),
  );
  const low = Math.min(...values);
  const high = Math.max(...values);
  const gap = Math.log(high / low) / 10;
  const outward = (candidates: number[]): number[] => {
    const kept: number[] = [];
    let last = 1;
    for (const tick of candidates) {
      if (Math.abs(Math.log(tick / last)) >= gap) kept.push((last = tick));
    }
    return kept;
  };
  const below = outward(RATIO_TICKS.filter((tick) => tick < 1 && tick >= low).reverse());
  const above = outward(RATIO_TICKS.filter((tick) => tick > 1 && tick <= high));
  return [...below.reverse(), 1, ...above];
}

function overheadSpec(title: string, subtitle: readonly string[], points: readonly OverheadPoint[]): TopLevelSpec {
  const ticks = ratioTicks(points);
  const configs = unique(points.map((point) => point.configText));
  const y = { field: 'series', type: 'nominal', sort: unique(points.map((point) => point.series)), title: null } as const;
  const yOffset = { field: 'configText', type: 'nominal', sort: configs } as const;
  const color = {
    field: 'configText',
    type: 'nominal',
    sort: configs,
    title: 'configuration',
    legend: { orient: 'bottom', direction: 'vertical', labelLimit: 0 },
  } as const;
  const x = (field: string) =>
    ({
      field,
      type: 'quantitative',
      scale: { type: 'log', nice: false, padding: 12 },
      title: "time / baseline's time (log scale)",
      axis: { format: '.2~f', values: ticks },
    }) as const;
  const label = { type: 'text', align: 'left', baseline: 'middle', dx: 8, fontSize: 11 } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: [...subtitle] },
    data: { values: points.map((point) => ({ ...point })) },
    width: PLOT_WIDTH_PX,
    height: { step: OFFSET_STEP_PX, for: 'offset' },
    config: { ...FIGURE_CONFIG, view: { stroke: null } },
    layer: [
      { mark: { type: 'rule', strokeDash: [4, 3], color: '#555' }, encoding: { x: { datum: 1, type: 'quantitative' } } },
      {
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: {
          y,
          yOffset,
          color,
          x: x('lower'),
          x2: { field: 'upper' },
          strokeDash: { condition: { test: 'datum.repetitionsOnly', value: [2, 2] }, value: [1, 0] },
        },
      },
      { mark: { type: 'point', filled: true, size: 60, opacity: 1 }, encoding: { y, yOffset, color, x: x('ratio') } },
      {
        transform: [{ filter: 'datum.thesisRatio != null' }],
        mark: { type: 'point', shape: 'diamond', filled: false, size: 90, color: 'black', strokeWidth: 1.5, opacity: 1 },
        encoding: { y, yOffset, x: x('thesisRatio') },
      },
      // The label on a white halo, so that the line at 1.0 or another interval never runs through it.
      {
        mark: { ...label, fill: 'white', stroke: 'white', strokeWidth: 4, strokeJoin: 'round' },
        encoding: { y, yOffset, x: x('labelAt'), text: { field: 'label' } },
      },
      { mark: label, encoding: { y, yOffset, color, x: x('labelAt'), text: { field: 'label' } } },
    ],
  };
}
