// Renders comparison rows as a terminal table, Markdown, CSV or JSON.
import type { ConfigurationChanges } from '../compare/environment.js';
import { thesisText, type ComparisonRow } from '../compare/compare.js';
import { toCsv } from './csv.js';
import { formatBytes, formatSeconds } from '../base/units.js';

export const COMPARE_FORMATS = ['table', 'markdown', 'csv', 'json'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

/** The size, and "buffered" for page-cache reads (O_DIRECT is the default and goes unsaid). */
export function sizeText(row: Pick<ComparisonRow, 'sizeBytes' | 'direct'>): string {
  const size = row.sizeBytes === null ? '-' : formatBytes(row.sizeBytes);
  return row.direct === false ? `${size} buffered` : size;
}

function configText(row: ComparisonRow): string {
  const instances = row.instances.length > 0 ? ` [${row.instances.join(',')}]` : '';
  const name = row.configName === undefined ? row.config : `${row.config} ${row.configName}`;
  return `${name}${instances}${row.interrupted ? ' (interrupted)' : ''}`;
}

/** One row of the comparison table, as every format shows it. */
export function comparisonCells(row: ComparisonRow): string[] {
  const c = row.comparison;
  const ratio = c ? `${c.ratio.toFixed(3)} (${c.ci95.lower.toFixed(2)}–${c.ci95.upper.toFixed(2)})` : row.isBaseline ? '1' : '';
  const thesis = row.thesis ? thesisText(row.thesis) : '';
  return [
    row.workload,
    sizeText(row),
    configText(row),
    String(row.summary.count),
    formatSeconds(row.summary.mean),
    `${(row.summary.coefficientOfVariation * 100).toFixed(1)} %`,
    ratio,
    row.verdict,
    thesis,
  ];
}

export const COMPARISON_HEADER = ['workload', 'size', 'configuration', 'n', 'mean', 'cv', 'ratio (95 % CI)', 'verdict', 'thesis'];

function renderTable(rows: readonly ComparisonRow[]): string {
  const body = rows.map(comparisonCells);
  const widths = COMPARISON_HEADER.map((title, i) => Math.max(title.length, ...body.map((cellsOfRow) => cellsOfRow[i]?.length ?? 0)));
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(COMPARISON_HEADER), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

function renderMarkdown(rows: readonly ComparisonRow[]): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const line = (values: readonly string[]) => `| ${values.map(escape).join(' | ')} |`;
  return [line(COMPARISON_HEADER), line(COMPARISON_HEADER.map(() => '---')), ...rows.map((row) => line(comparisonCells(row)))].join('\n');
}

function renderCsv(rows: readonly ComparisonRow[]): string {
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
    'n',
    'mean_seconds',
    'median_seconds',
    'sd_seconds',
    'cv',
    'ci95_low_seconds',
    'ci95_high_seconds',
    'is_baseline',
    'ratio',
    'ratio_ci95_low',
    'ratio_ci95_high',
    'welch_t',
    'welch_df',
    'welch_p',
    'significant',
    'verdict',
    'thesis_ratio',
    'thesis_equal',
    'thesis_source',
  ];
  return toCsv(
    header,
    rows.map((row) => [
      row.workload,
      row.sizeBytes,
      row.reads,
      row.increments,
      row.copies,
      row.direct,
      row.config,
      row.configName,
      row.instances.join(' '),
      row.files,
      row.summary.count,
      row.summary.mean,
      row.summary.median,
      row.summary.standardDeviation,
      row.summary.coefficientOfVariation,
      row.summary.ci95?.lower,
      row.summary.ci95?.upper,
      row.isBaseline,
      row.comparison?.ratio,
      row.comparison?.ci95.lower,
      row.comparison?.ci95.upper,
      row.comparison?.welch.t,
      row.comparison?.welch.df,
      row.comparison?.welch.p,
      row.comparison?.significant,
      row.verdict,
      row.thesis?.ratio,
      row.thesis?.equal,
      row.thesis?.where,
    ]),
  );
}

/** Plain-text lines for above the comparison table: what differs between each configuration's machine and the baseline's. */
export function renderEnvironmentChanges(all: readonly ConfigurationChanges[], baseline: string): string {
  const lines = all.map(({ config, changes }) => {
    if (changes.length === 0) return `environment ${baseline} -> ${config}: no difference`;
    return [`environment ${baseline} -> ${config}:`, ...changes.map(({ field, from, to }) => `  ${field}: ${from} -> ${to}`)].join('\n');
  });
  return lines.length > 0 ? `${lines.join('\n')}\n\n` : '';
}

export function renderComparison(
  rows: readonly ComparisonRow[],
  format: CompareFormat,
  baselineTitle: string,
  environment: readonly ConfigurationChanges[] = [],
  baselineLabel = baselineTitle,
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ baseline: baselineTitle, environment, rows }, null, 2)}\n`;
    case 'csv':
      return renderCsv(rows);
    case 'markdown':
      return `${fenced(renderEnvironmentChanges(environment, baselineLabel))}Baseline: ${baselineTitle}. Ratio = mean time / baseline's mean time; 95 % interval; Welch's test at 5 %.\n\n${renderMarkdown(rows)}\n`;
    case 'table':
      return `${renderEnvironmentChanges(environment, baselineLabel)}baseline: ${baselineTitle}  (ratio = mean time / baseline mean; 95 % interval; Welch's t-test at 5 %)\n\n${renderTable(rows)}\n`;
  }
}

function fenced(text: string): string {
  return text === '' ? '' : `\`\`\`\n${text.trimEnd()}\n\`\`\`\n\n`;
}
