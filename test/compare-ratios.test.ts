import { describe, expect, it } from 'vitest';

import { compareRecords, verdict } from '../ts/compare/compare.js';
import { renderComparison } from '../ts/output/compare-format.js';
import { loadReference } from '../ts/results/reference.js';
import { syntheticRecord } from './helpers/fixtures.js';

const BASE = [0.98, 0.99, 1.0, 1.01, 1.02];
const scaled = (factor: number) => BASE.map((s) => s * factor);
const MIB = 1024 * 1024;

// Host (1) and guest (4): CPU equal (same values, other order), memory at 1 MiB 1.20× slower, I/O 1.20× faster.
const records = [
  {
    file: 'host.json',
    record: syntheticRecord('1', [
      { workload: 'cpu', sizeBytes: null, seconds: BASE },
      { workload: 'mem', sizeBytes: MIB, seconds: BASE },
      { workload: 'io', sizeBytes: MIB, seconds: scaled(1.2) },
    ]),
  },
  {
    file: 'guest.json',
    record: syntheticRecord('4', [
      { workload: 'cpu', sizeBytes: null, seconds: [...BASE].reverse() },
      { workload: 'mem', sizeBytes: MIB, seconds: scaled(1.2) },
      { workload: 'io', sizeBytes: MIB, seconds: BASE },
    ]),
  },
];

describe('compare', () => {
  const rows = compareRecords(records, '1', loadReference());
  const row = (workload: string, config: string) => rows.find((r) => r.workload === workload && r.config === config)!;

  it('puts the baseline first in each workload and size', () => {
    expect(rows.map((r) => `${r.workload}:${r.config}`)).toEqual(['cpu:1', 'cpu:4', 'mem:1', 'mem:4', 'io:1', 'io:4']);
    expect(row('cpu', '1').verdict).toBe('baseline');
    expect(row('cpu', '4').configName).toBe('Vanilla Linux1/KVM/GuestOS1');
  });

  it('finds a ratio of 1.00 equal within noise', () => {
    const cpu = row('cpu', '4');
    expect(cpu.comparison!.ratio).toBeCloseTo(1, 12);
    expect(cpu.verdict).toBe('equal within noise');
  });

  it('finds 1.20 slower with its interval, and 1.20 faster', () => {
    // cv = 0.0158114 on both sides, n = 5: df 8, half-width t(0.975, 8) × √(2 × 0.00025 / 5) = 0.0230600;
    // 1.2 × exp(∓0.02306) = 1.1726 .. 1.2280.
    const mem = row('mem', '4');
    expect(mem.comparison!.ratio).toBeCloseTo(1.2, 12);
    expect(mem.comparison!.ci95.lower).toBeCloseTo(1.17265, 4);
    expect(mem.comparison!.ci95.upper).toBeCloseTo(1.22799, 4);
    expect(mem.verdict).toBe('1.20× slower (1.17–1.23)');
    expect(row('io', '4').verdict).toBe('1.20× faster (1.17–1.23)');
  });

  it("shows the thesis's statement for the pair where it made one", () => {
    expect(row('cpu', '4').thesis).toMatchObject({ equal: true });
    expect(row('mem', '4').thesis).toMatchObject({ equal: false, ratio: 1.2, inverted: false });
    expect(row('io', '4').thesis).toMatchObject({ ratio: 1.16 });
    expect(row('cpu', '1').thesis).toBeUndefined();
    const table = renderComparison(rows, 'table', '1 Vanilla Linux1');
    expect(table).toMatch(/^mem\s+1M\s+4 Vanilla Linux1\/KVM\/GuestOS1\s+5\s+.*1\.20× slower \(1\.17–1\.23\)\s+≈1\.20× slower$/m);
    // The other way round the thesis's ratio is inverted.
    const back = compareRecords(records, '4', loadReference()).find((r) => r.workload === 'mem' && r.config === '1')!;
    expect(back.thesis).toMatchObject({ inverted: true });
    expect(back.thesis!.ratio).toBeCloseTo(1 / 1.2, 12);
  });

  it('pools instances and refuses a baseline that is not there', () => {
    const pair = [
      { file: 'a.json', record: syntheticRecord('7', [{ workload: 'io', sizeBytes: MIB, seconds: BASE }], { instance: 'a' }) },
      { file: 'b.json', record: syntheticRecord('7', [{ workload: 'io', sizeBytes: MIB, seconds: BASE }], { instance: 'b' }) },
    ];
    const [pooled] = compareRecords(pair, '7');
    expect(pooled).toMatchObject({ files: 2, instances: ['a', 'b'] });
    expect(pooled!.summary.count).toBe(10);
    expect(() => compareRecords(pair, '6')).toThrow(
      /^Expected a configuration present in the result files \(7\) for baseline but received "6"$/,
    );
  });

  it('writes the verdict of a ratio below one as faster with the inverted interval', () => {
    expect(verdict({ ratio: 0.5, ci95: { lower: 0.4, upper: 0.625 }, welch: { t: -5, df: 8, p: 0.001 }, significant: true })).toBe(
      '2.00× faster (1.60–2.50)',
    );
  });

  it('renders markdown, csv and json with the same rows', () => {
    expect(
      renderComparison(rows, 'markdown', 'x')
        .split('\n')
        .filter((l) => l.startsWith('| ')).length,
    ).toBe(rows.length + 2);
    expect(renderComparison(rows, 'csv', 'x').trimEnd().split('\r\n')).toHaveLength(rows.length + 1);
    expect((JSON.parse(renderComparison(rows, 'json', 'x')) as { rows: unknown[] }).rows).toHaveLength(rows.length);
  });
});
