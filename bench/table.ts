// The bench's rows: what was measured, how many pairs or runs it rests on, its target and whether the
// target was met. Targets are reported, never enforced: a missed one is a row that says so.
import type { Pairs } from './pairs.js';
import { spread } from './pairs.js';

export type Status = 'met' | 'MISSED' | '—' | 'not measured';

export interface Row {
  row: string;
  measured: string;
  spread: string;
  /** How many pairs, runs or repetitions the figure rests on. */
  basis: string;
  target: string;
  status: Status;
}

export interface Target {
  text: string;
  met(value: number): boolean;
}

/** A ratio within ±`fraction` of 1. */
export function within(fraction: number): Target {
  return { text: `within ±${fraction * 100} %`, met: (ratio) => Math.abs(ratio - 1) <= fraction };
}

/** A value under `limit`; `text` says it in the row's unit. */
export function below(limit: number, text: string): Target {
  return { text, met: (value) => value < limit };
}

/** A value of at most `limit`; `text` says it in the row's unit. */
export function atMost(limit: number, text = `at most ${String(limit)}`): Target {
  return { text, met: (value) => value <= limit };
}

/** Target and status of `value`; no target: '—'. */
export function judge(value: number, target: Target | null): Pick<Row, 'target' | 'status'> {
  if (!target) return { target: '—', status: '—' };
  return { target: target.text, status: target.met(value) ? 'met' : 'MISSED' };
}

export function format(value: number, digits = 3): string {
  return value.toLocaleString('en-US', { maximumSignificantDigits: digits, useGrouping: true });
}

export function percent(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)} %`;
}

/** The spread of pair ratios (or of any values): interquartile range, then range. */
export function describeSpread(values: readonly number[], digits = 4): string {
  const s = spread(values);
  const f = (value: number) => value.toFixed(digits);
  return `IQR ${f(s.q1)}–${f(s.q3)}, range ${f(s.min)}–${f(s.max)}`;
}

/** A comparison row: the median of the pair ratios A/B, and each side's median in `unit`. */
export function ratioRow(row: string, pairs: Pairs, unit: string, target: Target | null, basis: string): Row {
  const { median: ratio } = spread(pairs.ratios);
  return {
    row,
    measured: `**${ratio.toFixed(4)}** (${format(spread(pairs.a).median, 4)} vs ${format(spread(pairs.b).median, 4)} ${unit})`,
    spread: describeSpread(pairs.ratios),
    basis,
    ...judge(ratio, target),
  };
}

/** A row of one quantity measured several times: the median of `values` in `unit`, with the target on it. */
export function medianRow(
  row: string,
  values: readonly number[],
  unit: string,
  basis: string,
  target: Target | null = null,
  digits = 3,
): Row {
  const value = spread(values).median;
  const text = `${format(value)} ${unit}`;
  return {
    row,
    measured: target ? `**${text}**` : text,
    spread: `${describeSpread(values, digits)} ${unit}`,
    basis,
    ...judge(value, target),
  };
}

/** A row whose measurement failed: the table still lists it, with why. */
export function failedRow(row: string, target: Target | null, error: unknown): Row {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return { row, measured: `not measured: ${message}`, spread: '', basis: '', target: target?.text ?? '—', status: 'not measured' };
}

const COLUMNS: [keyof Row, string][] = [
  ['row', 'Row'],
  ['measured', 'Measured'],
  ['spread', 'Spread'],
  ['basis', 'Based on'],
  ['target', 'Target'],
  ['status', 'Status'],
];

export function renderTable(rows: readonly Row[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [`| ${COLUMNS.map(([, title]) => title).join(' | ')} |`, `|${COLUMNS.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${COLUMNS.map(([key]) => cell(row[key])).join(' | ')} |`);
  return lines.join('\n');
}
