// compare over runs: each result file's series is a run; runs of one campaign round are paired. Literal
// values worked out by hand and checked with python3 (numpy, scipy.stats).
import { describe, expect, it } from 'vitest';

import { compareRecords, tableControls } from '../ts/compare/compare.js';
import { renderComparison } from '../ts/output/compare-format.js';
import { loadReference } from '../ts/results/reference.js';
import type { ResultRecord } from '../ts/results/schema.js';
import { syntheticRecord } from './helpers/fixtures.js';

const MIB = 1024 * 1024;
const reference = loadReference();

/**
 * Three rounds on a two-state machine: round 2 ran in the slow phase (1.35×) for both. Memory: the guest
 * (4) is 1.20× the host (1) in every round, give or take 1 %; CPU: the same times in other orders; I/O:
 * the guest 1.25× faster.
 */
const HOST_MEM = [
  [1.0, 1.01, 0.99],
  [1.34, 1.35, 1.36],
  [1.01, 1.02, 1.0],
];
const GUEST_MEM = [
  [1.2, 1.21, 1.19],
  [1.63, 1.62, 1.61],
  [1.21, 1.22, 1.23],
];

function campaignRecords(campaign: string | undefined): { file: string; record: ResultRecord }[] {
  return [0, 1, 2].flatMap((i) => {
    const place = (position: number) => (campaign === undefined ? {} : { campaign: { id: campaign, round: i + 1, position } });
    const host = HOST_MEM[i]!;
    const guest = GUEST_MEM[i]!;
    return [
      {
        file: `host-${i}.json`,
        record: syntheticRecord(
          '1',
          [
            { workload: 'cpu', sizeBytes: null, seconds: host },
            { workload: 'mem', sizeBytes: MIB, seconds: host },
            { workload: 'io', sizeBytes: MIB, seconds: host.map((s) => s * 1.25) },
          ],
          place(1),
        ),
      },
      {
        file: `guest-${i}.json`,
        record: syntheticRecord(
          '4',
          [
            { workload: 'cpu', sizeBytes: null, seconds: [...host].reverse() },
            { workload: 'mem', sizeBytes: MIB, seconds: guest },
            { workload: 'io', sizeBytes: MIB, seconds: host },
          ],
          place(2),
        ),
      },
    ];
  });
}

describe('compare over runs paired by campaign round', () => {
  // Per row (--per-row): each interval at 95 % on its own, the numbers worked out by hand below.
  const rows = compareRecords(campaignRecords('c1'), '1', { reference, control: 'per-row' });
  const row = (workload: string, config: string) => rows.find((r) => r.workload === workload && r.config === config)!;

  it('puts the baseline first in each workload and size', () => {
    expect(rows.map((r) => `${r.workload}:${r.config}`)).toEqual(['cpu:1', 'cpu:4', 'mem:1', 'mem:4', 'io:1', 'io:4']);
    expect(row('cpu', '1').verdict).toEqual({ kind: 'baseline', text: 'baseline' });
    expect(row('cpu', '4').configName).toBe('Vanilla Linux1/KVM/GuestOS1');
  });

  it('takes the mean and its interval from the run means', () => {
    // Run means 1.00, 1.35, 1.01: mean 1.12, sd 0.1992486, t(0.975, 2) = 4.302653: 0.6250391 .. 1.6149609.
    const host = row('mem', '1').stats;
    expect(host).toMatchObject({ runs: 3, repetitions: 9, basis: 'runs' });
    expect(host.runMeans.map((m) => Number(m.toFixed(9)))).toEqual([1, 1.35, 1.01]);
    expect(host.meanSeconds).toBeCloseTo(1.12, 12);
    expect(host.sdSeconds).toBeCloseTo(0.1992486, 6);
    expect(host.ci95!.lower).toBeCloseTo(0.6250391, 6);
    expect(host.ci95!.upper).toBeCloseTo(1.6149609, 6);
    expect(host.runCv).toBeCloseTo(0.1779005, 6);
  });

  it('reports the variance between runs and within them, and calls these runs unstable', () => {
    // Within 0.0001 (each run ±0.01); between mean square 0.1191, between (0.1191 − 0.0001) / 3 = 0.0396667,
    // 99.7 % of the spread; F = 1191 on (2, 6), p = 1.586e-8.
    const host = row('mem', '1').stats;
    expect(host.components!.withinVariance).toBeCloseTo(0.0001, 12);
    expect(host.components!.betweenVariance).toBeCloseTo(0.0396667, 6);
    expect(host.components!.betweenShare).toBeCloseTo(0.9974853, 6);
    expect(host.components!.f).toBeCloseTo(1191, 6);
    expect(host.repetitionCv).toBeCloseTo(0.0089286, 6);
    // Between-run sd √0.0396667 = 0.199 is 17.8 % of the mean, and F ≥ 10.
    expect(host.unstable).toBe(true);
    // c_run: each file's 10 s minus its measured repetitions (9.75 s, 13.16 s, 9.85 s; never below 0): 0.25, 0, 0.15,
    // mean 0.1333 s; c_rep 1.12 s: √((0.1333 / 1.12) · (0.0001 / 0.0396667)) = 0.017, so the floor of 2 repetitions.
    expect(host.recommendedRepetitionsPerRun).toBe(2);
  });

  it('pairs the rounds, so the slow phase cancels: 1.20× slower with a narrow interval', () => {
    // Round means 1.00/1.20, 1.35/1.62, 1.01/1.22: R = 1.3466667 / 1.12 = 1.2023810; z = B/B̄ − A/Ā has
    // sd √(3 · 0.0020851²); se 0.0020851, df 2: 1.1916421 .. 1.2132166.
    const mem = row('mem', '4');
    expect(mem.comparison).toMatchObject({ basis: 'paired-rounds', baselineCount: 3, otherCount: 3, df: 2 });
    expect(mem.comparison!.ratio).toBeCloseTo(1.202381, 6);
    expect(mem.comparison!.logStandardError).toBeCloseTo(0.0020851, 6);
    expect(mem.comparison!.ci95.lower).toBeCloseTo(1.1916421, 6);
    expect(mem.comparison!.ci95.upper).toBeCloseTo(1.2132166, 6);
    expect(mem.verdict).toEqual({ kind: 'slower', text: '1.20× slower (1.19–1.21)' });
    expect(row('io', '4').verdict).toEqual({ kind: 'faster', text: '1.25× faster (1.25–1.25)' });
  });

  it('calls the same times in another order equal within the margin', () => {
    const cpu = row('cpu', '4');
    expect(cpu.comparison!.ratio).toBeCloseTo(1, 12);
    expect(cpu.verdict.kind).toBe('equal');
    expect(cpu.verdict.text).toMatch(/^equal within ±5 % \(\d\.\d\d–\d\.\d\d\)$/);
  });

  it("shows the thesis's statement for the pair where it made one", () => {
    expect(row('cpu', '4').thesis).toMatchObject({ equal: true });
    expect(row('mem', '4').thesis).toMatchObject({ equal: false, ratio: 1.2, inverted: false });
    expect(row('cpu', '1').thesis).toBeUndefined();
    const wide = renderComparison(rows, 'table', '1 Vanilla Linux1', { wide: true });
    expect(wide).toMatch(
      /^mem\s+1M\s+4 Vanilla Linux1\/KVM\/GuestOS1\s+3×3\s+.*1\.202 \(1\.19–1\.21\) 3 rounds\s+1\.20× slower \(1\.19–1\.21\)\s+≈1\.20× slower$/m,
    );
    expect(wide).toMatch(/^UNSTABLE: the run means vary 10× more than their repetitions explain/m);
    // By default: the label, a short verdict, the name once above the table, UNSTABLE as a mark explained below it.
    const table = renderComparison(rows, 'table', '1 Vanilla Linux1');
    expect(table).toMatch(
      /^mem {2,}1M {2,}4 {2,}3×3 {2,}1\.347 s ±43\.7 % ! {2}1\.202 \(1\.19–1\.21\) {2}1\.20× slower {2}≈1\.20× slower$/m,
    );
    expect(table).toMatch(/^configurations: 4 Vanilla Linux1\/KVM\/GuestOS1$/m);
    expect(table).toMatch(/^!: UNSTABLE: the run means vary 10× more than their repetitions explain/m);
  });
});

describe('compare over runs paired by campaign round, family-wise (the default)', () => {
  const rows = compareRecords(campaignRecords('c1'), '1', { reference });
  const row = (workload: string, config: string) => rows.find((r) => r.workload === workload && r.config === config)!;

  it('draws each of the 3 rows at 1 − 0.05/3, so the table holds at 95 % as a whole', () => {
    // Three verdicts (cpu, mem, io of 4 against 1): t(1 − 0.05/6, 2) = q·√(2 / (1 − q²)) with q = 2p − 1 = 0.98333
    // (df 2 has a closed form) = 7.648804; half-width 7.648804 × 0.0020851 = 0.0159485: 1.1833569 .. 1.2217109.
    const mem = row('mem', '4');
    expect(mem.comparison!.significance).toBeCloseTo(0.05 / 3, 12);
    expect(mem.comparison!.ratio).toBeCloseTo(1.202381, 6);
    expect(mem.comparison!.ci95.lower).toBeCloseTo(1.1833569, 5);
    expect(mem.comparison!.ci95.upper).toBeCloseTo(1.2217109, 5);
    expect(mem.verdict).toEqual({ kind: 'slower', text: '1.20× slower (1.18–1.22)' });
    expect(tableControls(rows).rows).toMatchObject({ control: 'family', rows: 3, text: '95 % over 3 rows (Bonferroni)' });
    expect(tableControls(rows).rows.significance).toBeCloseTo(0.05 / 3, 12);
    expect(tableControls(rows).interference.rows).toBe(0);
    // The same records per row: the header says so, from the intervals themselves.
    const perRow = compareRecords(campaignRecords('c1'), '1', { reference, control: 'per-row' });
    expect(tableControls(perRow).rows).toMatchObject({ control: 'per-row', rows: 3, text: '95 % per row (--per-row)' });
  });
});

describe('compare over runs made apart', () => {
  it('treats them as independent: the slow phase of one run widens the interval, so no verdict is claimed', () => {
    // Run means as above, unpaired: Welch df 3.9995, interval 0.8051020 .. 1.7956978 (per row).
    const mem = compareRecords(campaignRecords(undefined), '1', { control: 'per-row' }).find(
      (r) => r.workload === 'mem' && r.config === '4',
    )!;
    expect(mem.comparison).toMatchObject({ basis: 'runs', baselineCount: 3, otherCount: 3 });
    expect(mem.comparison!.df).toBeCloseTo(3.9995, 4);
    expect(mem.comparison!.ci95.lower).toBeCloseTo(0.805102, 5);
    expect(mem.comparison!.ci95.upper).toBeCloseTo(1.7956978, 5);
    expect(mem.verdict.kind).toBe('inconclusive');
    expect(mem.verdict.text).toMatch(/^inconclusive \(0\.81–1\.80\): about \d+ more runs per configuration$/);
    expect(mem.verdict.moreSamples).toBeGreaterThan(0);
  });
});

describe('compare with one run per configuration', () => {
  const one = (label: string, factor: number) =>
    syntheticRecord(label, [{ workload: 'mem', sizeBytes: MIB, seconds: [0.98, 0.99, 1, 1.01, 1.02].map((s) => s * factor) }]);

  it('gives no slower, faster or equal verdict, even for a 10 % difference, and says how to get runs', () => {
    const [, guest] = compareRecords(
      [
        { file: 'a.json', record: one('1', 1) },
        { file: 'b.json', record: one('4', 1.1) },
      ],
      '1',
    );
    expect(guest!.verdict.kind).toBe('needs-runs');
    expect(guest!.verdict.text).toMatch(/one run.*mintbench campaign, or --runs K/);
    // The ratio, with an interval from the repetitions alone, labelled as such.
    expect(guest!.comparison).toMatchObject({ basis: 'repetitions' });
    expect(guest!.comparison!.ratio).toBeCloseTo(1.1, 12);
    expect(guest!.stats.basis).toBe('repetitions');
    expect(renderComparison([guest!], 'table', '1', { wide: true })).toContain('1.100 (repetitions only: 1.07–1.13)');
    const table = renderComparison([guest!], 'table', '1');
    expect(table).toMatch(/ 1\.100 \(1\.07–1\.13\) {2}one run$/m);
    expect(table).toMatch(
      /^one run: a side has a single run, .*\n {2}.*repetitions only, outside the table's family-wise level \(make runs: mintbench campaign, or --runs K\)\.$/m,
    );
  });

  it('pools instances as runs and refuses a baseline that is not there', () => {
    const pair = [
      { file: 'a.json', record: syntheticRecord('7', [{ workload: 'io', sizeBytes: MIB, seconds: [1, 1.01] }], { instance: 'a' }) },
      { file: 'b.json', record: syntheticRecord('7', [{ workload: 'io', sizeBytes: MIB, seconds: [1.1, 1.11] }], { instance: 'b' }) },
    ];
    const [pooled] = compareRecords(pair, '7');
    expect(pooled).toMatchObject({ files: 2, instances: ['a', 'b'] });
    expect(pooled!.stats).toMatchObject({ runs: 2, repetitions: 4 });
    expect(() => compareRecords(pair, '6')).toThrow(
      /^Expected a configuration present in the result files \(7\) for baseline but received "6"$/,
    );
  });
});

describe('compare output formats', () => {
  const rows = compareRecords(campaignRecords('c1'), '1', { reference, margin: 0.02 });

  it('uses the margin given', () => {
    expect(rows.find((r) => r.workload === 'cpu' && r.config === '4')!.verdict.text).toMatch(/^equal within ±2 % /);
  });

  it('renders markdown, csv and json with the same rows', () => {
    const markdown = renderComparison(rows, 'markdown', 'x', { margin: 0.02 });
    expect(markdown.split('\n').filter((l) => l.startsWith('| ')).length).toBe(rows.length + 2);
    const csv = renderComparison(rows, 'csv', 'x', { margin: 0.02 }).trimEnd().split('\r\n');
    expect(csv).toHaveLength(rows.length + 1);
    const header = csv[0]!.split(',');
    const mem = csv.find((line) => line.startsWith('mem,') && line.includes(',4,'))!.split(',');
    expect(mem[header.indexOf('ratio_basis')]).toBe('paired-rounds');
    expect(mem[header.indexOf('verdict')]).toBe('slower');
    expect(mem[header.indexOf('margin')]).toBe('0.02');
    expect(Number(mem[header.indexOf('ratio')])).toBeCloseTo(1.202381, 6);
    const json = JSON.parse(renderComparison(rows, 'json', 'x', { margin: 0.02 })) as { margin: number; rows: unknown[] };
    expect(json.rows).toHaveLength(rows.length);
    expect(json.margin).toBe(0.02);
  });
});
