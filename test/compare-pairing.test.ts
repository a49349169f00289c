// compare's pairing of rows with the baseline's: by the same parameters (compare's default), or by
// workload and size (a campaign's, --pair-by workload,size), so that arms defined to differ in a count
// or in --buffered meet; rows of other workloads or sizes never do. Literal numbers, checked by hand.
import { describe, expect, it } from 'vitest';

import { compareRecords, NO_BASELINE_WITH_PARAMETERS, type ComparisonRow } from '../ts/compare/compare.js';
import { parameterChanges } from '../ts/compare/parameters.js';
import { renderComparison } from '../ts/output/compare-format.js';
import type { ResultRecord } from '../ts/results/schema.js';
import { syntheticRecord } from './helpers/fixtures.js';

const MIB = 1024 * 1024;

type Series = Parameters<typeof syntheticRecord>[1][number] & { increments?: number; direct?: boolean };

/** One campaign round's result file of `label`: its series, each with its own counts or read mode where given. */
function roundFile(label: string, round: number, series: Series[]): { file: string; record: ResultRecord } {
  const record = syntheticRecord(
    label,
    series.map(({ workload, sizeBytes, seconds }) => ({ workload, sizeBytes, seconds })),
    { campaign: { id: 'c1', round, position: label === 'A' ? 1 : 2 } },
  );
  series.forEach(({ increments, direct }, i) => {
    const run = record.runs[i];
    if (!run) throw new Error('synthetic record without one of its runs');
    if (increments !== undefined) run.parameters.increments = increments;
    if (direct !== undefined) run.parameters.direct = direct;
  });
  return { file: `${label}-${round}.json`, record };
}

/** A's times of each of 4 rounds; B is `factor` times them, with a little noise of its own. */
const A_TIMES = [
  [1.0, 1.01, 0.99],
  [1.2, 1.21, 1.19],
  [0.9, 0.91, 0.89],
  [1.1, 1.11, 1.09],
];
const NOISE = [1.0, 1.01, 0.99, 1.005];

function campaign(a: (times: number[]) => Series[], b: (times: number[]) => Series[]): { file: string; record: ResultRecord }[] {
  return A_TIMES.flatMap((times, i) => [roundFile('A', i + 1, a(times)), roundFile('B', i + 1, b(times.map((t) => t * (NOISE[i] ?? 1))))]);
}

const scaled = (times: number[], factor: number) => times.map((t) => t * factor);

function summary(rows: readonly ComparisonRow[]) {
  return rows.map((row) => [row.workload, row.sizeBytes, row.config, row.increments, row.direct, row.verdict.kind]);
}

describe('compare: arms that differ in a count (cpu --iterations)', () => {
  const records = campaign(
    (times) => [{ workload: 'cpu', sizeBytes: null, seconds: times, increments: 1_000_000 }],
    (times) => [{ workload: 'cpu', sizeBytes: null, seconds: scaled(times, 1.1), increments: 1_100_000 }],
  );

  it('by parameters (the default) never meet, and say that the baseline ran them with other parameters', () => {
    const rows = compareRecords(records, 'A');
    const b = rows.find((row) => row.config === 'B');
    expect(b?.verdict).toEqual(NO_BASELINE_WITH_PARAMETERS);
    expect(b?.comparison).toBeUndefined();
    expect(b?.baselineParameters).toBeUndefined();
    expect(parameterChanges(rows)).toEqual([]);
    const table = renderComparison(rows, 'table', 'A');
    expect(table).toContain('no baseline run: other parameters');
    expect(table).toMatch(/--pair-by\s+workload,size compares them/);
    expect(table).not.toContain('parameters A -> B');
  });

  it('by workload and size, B is compared with A, round by round, and the difference is listed above the table', () => {
    const rows = compareRecords(records, 'A', { pairBy: 'workload-size' });
    expect(summary(rows)).toEqual([
      ['cpu', null, 'A', 1_000_000, null, 'baseline'],
      ['cpu', null, 'B', 1_100_000, null, 'slower'],
    ]);
    const b = rows[1];
    // Round means: A 1, 1.2, 0.9, 1.1; B 1.1 × that × (1, 1.01, 0.99, 1.005): the ratio is their mean's ratio.
    expect(b?.comparison?.basis).toBe('paired-rounds');
    expect(b?.comparison?.baselineCount).toBe(4);
    expect(b?.comparison?.ratio).toBeCloseTo((1.1 * (1 + 1.2 * 1.01 + 0.9 * 0.99 + 1.1 * 1.005)) / 4.2, 9);
    expect(b?.verdict.text).toMatch(/^1\.10× slower \(1\.\d\d–1\.\d\d\)$/);
    expect(b?.baselineParameters).toEqual({ reads: 0, increments: 1_000_000, copies: 0, direct: null });
    expect(parameterChanges(rows)).toEqual([
      { config: 'B', changes: [{ workload: 'cpu', field: 'increments', from: 1_000_000, to: 1_100_000 }] },
    ]);
    const table = renderComparison(rows, 'table', 'A', { baselineLabel: 'A' });
    expect(table.startsWith('parameters A -> B: iterations 1000000 -> 1100000\n\nbaseline: A')).toBe(true);
    expect(renderComparison(rows, 'markdown', 'A')).toContain('parameters A -> B: iterations 1000000 -> 1100000\n');
  });

  it('CSV and JSON carry the parameters of each row and of the baseline series it was compared with', () => {
    const rows = compareRecords(records, 'A', { pairBy: 'workload-size' });
    const [header, a, b] = renderComparison(rows, 'csv', 'A').trimEnd().split('\n');
    const columns = header!.split(',');
    const cell = (line: string | undefined, name: string) => line!.split(',')[columns.indexOf(name)];
    expect([cell(a, 'increments_per_rep'), cell(a, 'baseline_increments_per_rep')]).toEqual(['1000000', '']);
    expect([cell(b, 'increments_per_rep'), cell(b, 'baseline_increments_per_rep'), cell(b, 'verdict')]).toEqual([
      '1100000',
      '1000000',
      'slower',
    ]);
    const json = JSON.parse(renderComparison(rows, 'json', 'A', { pairBy: 'workload-size' })) as {
      pairBy: string;
      parameters: unknown;
      rows: { config: string; increments: number; baselineParameters?: { increments: number } }[];
    };
    expect(json.pairBy).toBe('workload-size');
    expect(json.parameters).toEqual(parameterChanges(rows));
    expect(json.rows.map((row) => [row.config, row.increments, row.baselineParameters?.increments])).toEqual([
      ['A', 1_000_000, undefined],
      ['B', 1_100_000, 1_000_000],
    ]);
  });
});

describe('compare: direct against buffered reads', () => {
  // A reads with O_DIRECT at 1 and 4 MiB; B through the page cache, 0.5× at 1 MiB and 0.25× at 4 MiB.
  const records = campaign(
    (times) => [
      { workload: 'io', sizeBytes: MIB, seconds: times },
      { workload: 'io', sizeBytes: 4 * MIB, seconds: scaled(times, 4) },
    ],
    (times) => [
      { workload: 'io', sizeBytes: MIB, seconds: scaled(times, 0.5), direct: false },
      { workload: 'io', sizeBytes: 4 * MIB, seconds: times, direct: false },
    ],
  );

  it('pairs each size with the same size only, and lists direct -> buffered once', () => {
    const rows = compareRecords(records, 'A', { pairBy: 'workload-size' });
    expect(summary(rows)).toEqual([
      ['io', MIB, 'A', 0, true, 'baseline'],
      ['io', MIB, 'B', 0, false, 'faster'],
      ['io', 4 * MIB, 'A', 0, true, 'baseline'],
      ['io', 4 * MIB, 'B', 0, false, 'faster'],
    ]);
    // 1 MiB against 1 MiB (0.5), 4 MiB against 4 MiB (0.25): a crossed pair would give 0.125 or 1.
    expect(rows[1]?.comparison?.ratio).toBeCloseTo((0.5 * (1 + 1.2 * 1.01 + 0.9 * 0.99 + 1.1 * 1.005)) / 4.2, 9);
    expect(rows[3]?.comparison?.ratio).toBeCloseTo((0.25 * (1 + 1.2 * 1.01 + 0.9 * 0.99 + 1.1 * 1.005)) / 4.2, 9);
    expect(parameterChanges(rows)).toEqual([
      {
        config: 'B',
        changes: [{ workload: 'io', field: 'direct', from: true, to: false }],
      },
    ]);
    const table = renderComparison(rows, 'table', 'A');
    expect(table).toMatch(/^parameters A -> B: direct -> buffered$/m);
    // Both verdicts are one family, as any table's.
    expect(table).toMatch(/^verdicts: 95 % over 2 rows \(Bonferroni\), each interval at 97\.5 %$/m);
  });

  it('by parameters (the default), direct and buffered stay apart', () => {
    const rows = compareRecords(records, 'A');
    expect(rows.filter((row) => row.config === 'B').map((row) => row.verdict.text)).toEqual([
      NO_BASELINE_WITH_PARAMETERS.text,
      NO_BASELINE_WITH_PARAMETERS.text,
    ]);
  });

  it('where a side ran both at one size, only the same parameters are paired', () => {
    // A ran direct and buffered at 1 MiB, B buffered only (and A direct only at 4 MiB, B both there).
    const both = campaign(
      (times) => [
        { workload: 'io', sizeBytes: MIB, seconds: times },
        { workload: 'io', sizeBytes: MIB, seconds: scaled(times, 0.5), direct: false },
        { workload: 'io', sizeBytes: 4 * MIB, seconds: times },
      ],
      (times) => [
        { workload: 'io', sizeBytes: MIB, seconds: scaled(times, 0.5), direct: false },
        { workload: 'io', sizeBytes: 4 * MIB, seconds: times },
        { workload: 'io', sizeBytes: 4 * MIB, seconds: scaled(times, 0.5), direct: false },
      ],
    );
    const rows = compareRecords(both, 'A', { pairBy: 'workload-size' });
    expect(summary(rows)).toEqual([
      ['io', MIB, 'A', 0, true, 'baseline'],
      ['io', MIB, 'A', 0, false, 'baseline'],
      ['io', MIB, 'B', 0, false, 'equal'],
      ['io', 4 * MIB, 'A', 0, true, 'baseline'],
      ['io', 4 * MIB, 'B', 0, true, 'equal'],
      ['io', 4 * MIB, 'B', 0, false, 'no-baseline'],
    ]);
    expect(rows[5]?.verdict).toEqual(NO_BASELINE_WITH_PARAMETERS);
    expect(parameterChanges(rows)).toEqual([]);
  });
});

describe('compare: rows of other workloads or sizes', () => {
  it('are never compared, whatever the pairing', () => {
    const records = campaign(
      (times) => [
        { workload: 'io', sizeBytes: MIB, seconds: times },
        { workload: 'mem', sizeBytes: MIB, seconds: times },
      ],
      (times) => [
        { workload: 'io', sizeBytes: 2 * MIB, seconds: times, direct: false },
        { workload: 'cpu', sizeBytes: null, seconds: times },
      ],
    );
    for (const pairBy of ['parameters', 'workload-size'] as const) {
      const rows = compareRecords(records, 'A', { pairBy });
      const others = rows.filter((row) => row.config === 'B');
      expect(others.map((row) => [row.workload, row.sizeBytes, row.verdict.text])).toEqual([
        ['cpu', null, 'no baseline run'],
        ['io', 2 * MIB, 'no baseline run'],
      ]);
      expect(others.every((row) => row.comparison === undefined && row.baselineParameters === undefined)).toBe(true);
      expect(parameterChanges(rows)).toEqual([]);
    }
  });
});
