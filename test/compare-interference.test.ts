// compare's concurrent configurations: each instance of a group on its own beside their mean, and the
// interference ratio of each (and of the mean) against the same configuration's solo run.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { compareRecords, type ComparisonRow } from '../ts/compare/compare.js';
import { EXIT_USAGE } from '../ts/commands/exit-codes.js';
import { soloOption } from '../ts/commands/options.js';
import { comparisonCells, renderComparison } from '../ts/output/compare-format.js';
import { buildReport } from '../ts/output/report.js';
import type { ResultRecord } from '../ts/results/schema.js';
import { runCliPairs, type CliResult } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { syntheticRecord } from './helpers/fixtures.js';

const MIB = 1024 * 1024;
/** Each configuration's three runs differ by these factors, so that runs have a spread and ratios an interval. */
const RUN_FACTORS = [0.99, 1, 1.01];

/** Runs of `label` whose repetitions take `seconds` × the run's factor, as a cpu and a 1 MiB mem series. */
function runsOf(label: string, seconds: number, instance?: string): { file: string; record: ResultRecord }[] {
  return RUN_FACTORS.map((factor, run) => {
    const times = [0.998, 1, 1.002].map((s) => s * seconds * factor);
    const sync = {
      barrier: '127.0.0.1:4000',
      group: `g${run}`,
      parties: 2,
      index: instance === 'b' ? 1 : 0,
      reported: 2,
      startSkewSeconds: 0.0002,
      startOffsetSeconds: instance === 'b' ? 0.0002 : 0,
      method: 'shared-clock' as const,
    };
    const record = syntheticRecord(
      label,
      [
        { workload: 'cpu', sizeBytes: null, seconds: times },
        { workload: 'mem', sizeBytes: MIB, seconds: times },
      ],
      instance === undefined ? {} : { instance, sync },
    );
    return { file: `${label}${instance ?? ''}-${run}.json`, record };
  });
}

/** Configurations 1 and 2 take 1 s, instance a of 3 takes 1.2 s and b 1.5 s, at the same moment. */
const records = [...runsOf('1', 1), ...runsOf('2', 1), ...runsOf('3', 1.2, 'a'), ...runsOf('3', 1.5, 'b')];
const rows = compareRecords(records, '1');
const cpuRow = (config: string) => rows.find((row) => row.workload === 'cpu' && row.config === config)!;

describe('compare: instances of a concurrent configuration', () => {
  it('keeps the pooled row as their mean and adds each instance on its own', () => {
    const row = cpuRow('3');
    expect(row).toMatchObject({ files: 6, instances: ['a', 'b'] });
    expect(row.stats.meanSeconds).toBeCloseTo(1.35, 12);
    expect(row.perInstance!.map((detail) => detail.instance)).toEqual(['a', 'b']);
    // Each instance's statistics are configStats over its own runs, as a comparison of its files alone gives them.
    for (const instance of ['a', 'b']) {
      const alone = compareRecords(
        records.filter(({ record }) => record.configuration.label === '1' || record.configuration.instance === instance),
        '1',
      );
      const detail = row.perInstance!.find((d) => d.instance === instance)!;
      const own = alone.find((r) => r.workload === 'cpu' && r.config === '3')!;
      expect(detail.stats).toEqual(own.stats);
      expect(detail.comparison).toEqual(own.comparison);
      expect(detail.verdict).toEqual(own.verdict);
      expect(detail.files).toBe(3);
    }
    const [a, b] = row.perInstance!;
    expect(a!.stats.runs).toBe(3);
    expect(a!.stats.meanSeconds).toBeCloseTo(1.2, 12);
    expect(a!.comparison!.ratio).toBeCloseTo(1.2, 12);
    expect(a!.verdict.text).toMatch(/^1\.20× slower \(/);
    expect(b!.comparison!.ratio).toBeCloseTo(1.5, 12);
  });

  it('adds nothing to configurations with fewer than 2 instances', () => {
    for (const config of ['1', '2']) {
      expect(cpuRow(config).perInstance).toBeUndefined();
      expect(cpuRow(config).interference).toBeUndefined();
    }
  });

  it('gives the interference ratio: each instance, and their mean, against the solo configuration', () => {
    const row = cpuRow('3');
    const [a, b] = row.perInstance!;
    expect(a!.interference).toMatchObject({ solo: '2', verdict: { kind: 'slower' } });
    expect(a!.interference!.comparison!.ratio).toBeCloseTo(1.2, 12);
    expect(a!.interference!.comparison!.basis).toBe('runs');
    expect(a!.interference!.comparison!.ci95.lower).toBeGreaterThan(1);
    expect(a!.interference!.verdict.text).toMatch(/^1\.20× slower \(1\.\d\d–1\.\d\d\)$/);
    expect(b!.interference!.comparison!.ratio).toBeCloseTo(1.5, 12);
    expect(row.interference!.solo).toBe('2');
    expect(row.interference!.comparison!.ratio).toBeCloseTo(1.35, 12);
  });

  it('says so when the solo configuration has no run', () => {
    const withoutSolo = compareRecords(
      records.filter(({ record }) => record.configuration.label !== '2'),
      '1',
    );
    const row = withoutSolo.find((r) => r.workload === 'cpu' && r.config === '3')!;
    expect(row.interference).toEqual({ solo: '2', verdict: { kind: 'no-solo', text: 'no solo run' } });
    expect(row.perInstance![0]!.interference).toEqual({ solo: '2', verdict: { kind: 'no-solo', text: 'no solo run' } });
    // A mapping given replaces the default: 3 against 1.
    const against1 = compareRecords(records, '1', { solo: { '3': '1' } }).find((r) => r.workload === 'cpu' && r.config === '3')!;
    expect(against1.perInstance![1]!.interference).toMatchObject({ solo: '1', verdict: { kind: 'slower' } });
    // Without a solo configuration, no interference at all, but still the instances.
    const none = compareRecords(records, '1', { solo: {} }).find((r) => r.workload === 'cpu' && r.config === '3')!;
    expect(none.interference).toBeUndefined();
    expect(none.perInstance!.map((detail) => detail.interference)).toEqual([undefined, undefined]);
  });
  it('reads only the own labels of the mapping, not what every object inherits', () => {
    const free = [...runsOf('1', 1), ...runsOf('constructor', 1.2, 'a'), ...runsOf('constructor', 1.2, 'b')];
    const row = compareRecords(free, '1').find((r) => r.workload === 'cpu' && r.config === 'constructor')!;
    expect(row.perInstance).toHaveLength(2);
    expect(row.interference).toBeUndefined();
  });
});

describe('--solo', () => {
  it('extends and overrides the default mapping', () => {
    expect(soloOption(undefined)).toEqual({ '3': '2', '6': '5', '7': '4' });
    expect(soloOption(['3=1', 'guests=one guest'])).toEqual({ '3': '1', '6': '5', '7': '4', guests: 'one guest' });
  });

  it.each([['3'], ['=2'], ['3='], ['3=2=1'], ['3=3'], ['']])('refuses %j', (value) => {
    expect(() => soloOption([value])).toThrow(
      `Expected a concurrent and its solo configuration label as CONCURRENT=SOLO, e.g. 3=2 for solo but received ${JSON.stringify(value)}`,
    );
  });
});

describe('compare formats with instances', () => {
  const cpuAndMem = (row: ComparisonRow) => row.workload === 'cpu' || row.workload === 'mem';

  it('indents the instances under their configuration in the wide table, with the interference', () => {
    const table = renderComparison(rows, 'table', '1', { wide: true });
    const lines = table.split('\n');
    const header = lines.find((line) => line.startsWith('workload'))!;
    expect(header).toMatch(/thesis {2,}vs solo$/);
    const at = lines.findIndex((line) => line.startsWith('cpu') && line.includes('3 Mint OS node0,1 [a,b]'));
    expect(lines[at]).toMatch(/1\.35× slower.*vs solo 2: 1\.35× slower \(/);
    expect(lines[at + 1]).toMatch(/^ {2,}3 a {2,}3×3 .*1\.20× slower \(.*vs solo 2: 1\.20× slower \(1\.\d\d–1\.\d\d\)$/);
    expect(lines[at + 2]).toMatch(/^ {2,}3 b .*vs solo 2: 1\.50× slower \(/);
    expect(table).toContain('vs solo: each instance, and their mean');
  });

  it('puts the interference in a table of its own below the one that fits a terminal', () => {
    const table = renderComparison(rows, 'table', '1');
    const [main, below] = table.split('\ninterference: ');
    expect(main).not.toContain('vs solo');
    const lines = main!.split('\n');
    const at = lines.findIndex((line) => /^cpu {2,}- {2,}3 \[a,b\] /.test(line));
    expect(lines[at]).toMatch(/ 1\.350 \(1\.\d\d–1\.\d\d\) {2,}1\.35× slower$/);
    expect(lines[at + 1]).toMatch(/^ {2,}3 a {2,}3×3 .* 1\.200 \(1\.\d\d–1\.\d\d\) {2,}1\.20× slower$/);
    expect(below!.split('\n').find((line) => line.startsWith('workload'))).toMatch(
      /^workload {2}size {2}config {2,}vs solo {2}ratio \(95 % CI\) {2,}verdict$/,
    );
    expect(below).toMatch(/\n {2,}3 b {2,}2 {2,}1\.500 \(1\.\d\d–1\.\d\d\) {2,}1\.50× slower\n/);
    // The legend's lines unwrapped.
    expect(table.replace(/\n {2}/g, ' ')).toMatch(
      /^instances .* interference: each of them, and their mean, against the configuration that runs one of them alone/m,
    );
  });

  it('keeps the rows of other configurations as they were', () => {
    const table = renderComparison(rows, 'table', '1', { wide: true });
    const line = table.split('\n').find((l) => l.startsWith('cpu') && l.includes('2 Mint OS node0 '))!;
    expect(line.split(/ {2,}/)).toEqual(comparisonCells(cpuRow('2')).filter((cell) => cell !== ''));
    const plain = rows.filter((row) => row.config !== '3');
    expect(renderComparison(plain, 'table', '1')).not.toContain('solo');
    expect(renderComparison(plain, 'csv', '1')).not.toContain('solo');
  });

  it('gives the instances as rows in markdown and csv, and inside their row in json', () => {
    const shown = rows.filter(cpuAndMem);
    const markdown = renderComparison(shown, 'markdown', '1', { wide: true });
    expect(markdown).toMatch(/\| {3}3 a \| .* \| vs solo 2: 1\.20× slower \(/);
    // By default the interference is a table of its own, as in the terminal.
    expect(renderComparison(shown, 'markdown', '1')).toMatch(
      /^Interference: .*\n\n\| workload \| size \| config \| vs solo \|.*\n.*\n.*\n\| {2}\| {2}\| {3}3 a \| 2 \| 1\.200 \(/m,
    );
    const csv = renderComparison(shown, 'csv', '1').trimEnd().split('\r\n');
    expect(csv).toHaveLength(shown.length + 2 * 2 + 1);
    // Fields split at the commas outside quotes ("Mint OS node0,1" is quoted).
    const fields = (line: string) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    const header = fields(csv[0]!);
    const column = (line: string[], name: string) => line[header.indexOf(name)];
    const a = csv.map(fields).find((line) => line[0] === 'cpu' && column(line, 'instance') === 'a')!;
    expect(Number(column(a, 'ratio'))).toBeCloseTo(1.2, 9);
    expect(Number(column(a, 'solo_ratio'))).toBeCloseTo(1.2, 9);
    expect(column(a, 'solo_config')).toBe('2');
    expect(column(a, 'solo_verdict')).toBe('slower');
    expect(column(a, 'runs')).toBe('3');
    const json = JSON.parse(renderComparison(shown, 'json', '1')) as { rows: ComparisonRow[] };
    const pooled = json.rows.find((row) => row.workload === 'cpu' && row.config === '3')!;
    expect(pooled.perInstance!.map((detail) => detail.interference!.verdict.kind)).toEqual(['slower', 'slower']);
  });

  it('shows the instances and the interference in the report', () => {
    const report = buildReport(records, '1', { reference: [], margin: 0.05 }, { renderers: [] });
    const tables = report.blocks.flatMap((block) => (block.kind === 'table' ? [block] : []));
    const comparison = tables.find((table) => table.header.includes('vs solo'))!;
    expect(comparison.rows.some((row) => row[2] === '  3 a' && /^vs solo 2: 1\.20× slower/.test(row.at(-1)!))).toBe(true);
    const glance = tables.find((table) => table.header[0] === 'workload and size')!;
    expect(glance.rows.flat().some((cell) => /^1\.35× slower .*; vs solo 2: 1\.35× slower/.test(cell))).toBe(true);
  });
});

describe('mintbench compare --solo', () => {
  const temp = tempDir();
  const results: Record<string, CliResult> = {};

  beforeAll(async () => {
    const dir = path.join(temp.dir, 'results');
    mkdirSync(dir);
    for (const { file, record } of records) writeFileSync(path.join(dir, file), JSON.stringify(record));
    const runs: Record<string, string[]> = {
      byDefault: ['compare', dir, '--baseline', '1'],
      // Before the paths: --solo takes one value each time, never the paths after it.
      given: ['compare', '--solo', '6=1', '--solo', '3=1', dir, '--baseline', '1'],
      noValue: ['compare', dir, '--baseline', '1', '--solo', '3'],
      noConcurrent: ['compare', dir, '--baseline', '1', '--solo', '=2'],
    };
    Object.assign(results, await runCliPairs(runs));
  });
  afterAll(() => {
    temp.cleanup();
  });

  it('prints the instances and their interference with the default solo configuration', () => {
    const { status, stdout, stderr } = results.byDefault!;
    expect(stderr).toBe('');
    expect(status).toBe(0);
    // Below the table, each instance (and their mean) against the solo configuration.
    const interference = stdout.slice(stdout.indexOf('\ninterference: '));
    expect(interference).toMatch(/\ncpu {2,}- {2,}3 \[a,b\] {2,}2 {2,}1\.350 \(1\.\d\d–1\.\d\d\) {2,}1\.35× slower\n/);
    expect(interference).toMatch(/\n {2,}3 a {2,}2 {2,}1\.200 \(1\.\d\d–1\.\d\d\) {2,}1\.20× slower\n/);
    expect(interference).toMatch(/\n {2,}3 b {2,}2 {2,}1\.500 \(1\.\d\d–1\.\d\d\) {2,}1\.50× slower\n/);
  });

  it('takes the solo configuration from --solo', () => {
    const { status, stdout } = results.given!;
    expect(status).toBe(0);
    expect(stdout).toMatch(/\n {2,}3 a {2,}1 {2,}1\.200 \(1\.\d\d–1\.\d\d\) {2,}1\.20× slower\n/);
    expect(stdout).not.toMatch(/\n {2,}3 a {2,}2 /);
  });

  it('refuses a value that is not CONCURRENT=SOLO with exit 2 and one line', () => {
    for (const [name, value] of [
      ['noValue', '3'],
      ['noConcurrent', '=2'],
    ] as const) {
      expect(results[name]!.status).toBe(EXIT_USAGE);
      expect(results[name]!.stdout).toBe('');
      expect(results[name]!.stderr).toBe(
        `mintbench: Expected a concurrent and its solo configuration label as CONCURRENT=SOLO, e.g. 3=2 for --solo but received "${value}"\n`,
      );
    }
  });
});
