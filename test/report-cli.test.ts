// report's refusals: empty input and a baseline with nothing to compare are usage errors (exit 2), bad
// files are handled as compare handles them.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EXIT_RUNTIME, EXIT_USAGE } from '../ts/commands/exit-codes.js';
import { runCliPairs, type CliResult } from './helpers/cli.js';
import { root, tempDir } from './helpers/files.js';
import { syntheticRecord, syntheticSuite } from './helpers/fixtures.js';

describe('mintbench report refuses', () => {
  const temp = tempDir();
  const dir = (name: string) => path.join(temp.dir, name);
  const results: Record<string, CliResult> = {};

  beforeAll(async () => {
    for (const name of ['empty', 'host-only', 'two', 'with-bad', 'all-bad', 'iterations']) mkdirSync(dir(name));
    const host = JSON.stringify(syntheticSuite('1', 1));
    const guest = JSON.stringify(syntheticSuite('4', 1.2));
    writeFileSync(path.join(dir('host-only'), 'a.json'), host);
    for (const name of ['two', 'with-bad']) {
      writeFileSync(path.join(dir(name), 'a.json'), host);
      writeFileSync(path.join(dir(name), 'b.json'), guest);
    }
    writeFileSync(path.join(dir('with-bad'), 'c-truncated.json'), guest.slice(0, 100));
    writeFileSync(path.join(dir('all-bad'), 'bad.json'), '{"schema": "mintbench-result"');
    writeFileSync(dir('a-file'), 'not a directory');
    // Two arms that differ in cpu's --iterations only: comparable by workload and size, not by parameters.
    for (const [label, increments] of [
      ['A', 1_000_000],
      ['B', 1_100_000],
    ] as const) {
      const record = syntheticRecord(label, [{ workload: 'cpu', sizeBytes: null, seconds: [0.1, 0.11, 0.1] }]);
      record.runs[0]!.parameters.increments = increments;
      writeFileSync(path.join(dir('iterations'), `${label}.json`), JSON.stringify(record));
    }
    const runs: Record<string, string[]> = {
      empty: ['report', dir('empty'), '--out', dir('out-empty')],
      allBad: ['report', dir('all-bad'), '--out', dir('out-all-bad')],
      hostOnly: ['report', dir('host-only'), '--out', dir('out-host-only')],
      noBaseline: ['report', dir('two'), '--baseline', '9', '--out', dir('out-no-baseline')],
      outIsFile: ['report', dir('two'), '--out', dir('a-file')],
      withBad: ['report', dir('with-bad'), '--out', dir('out-with-bad')],
      otherParameters: ['report', dir('iterations'), '--baseline', 'A', '--out', dir('out-other-parameters')],
      pairedBySize: ['report', dir('iterations'), '--baseline', 'A', '--pair-by', 'workload,size', '--out', dir('out-paired')],
    };
    // Two at a time (each is a node start-up that loads vega).
    Object.assign(results, await runCliPairs(runs));
  });

  afterAll(() => {
    temp.cleanup();
  });

  it('empty input with exit 2 and one line, writing nothing', () => {
    expect(results.empty).toMatchObject({ status: EXIT_USAGE, stdout: '' });
    expect(results.empty!.stderr).toBe(
      `mintbench: Expected result files, or directories holding them for paths but received ${JSON.stringify(dir('empty'))} (none is readable)\n`,
    );
    expect(existsSync(dir('out-empty'))).toBe(false);
  });

  it('input whose every file is bad: each named, then exit 2', () => {
    expect(results.allBad!.status).toBe(EXIT_USAGE);
    expect(results.allBad!.stderr).toContain(`skipped ${path.join(dir('all-bad'), 'bad.json')}: is not valid JSON`);
    expect(results.allBad!.stderr).toContain('(none is readable)');
    expect(existsSync(dir('out-all-bad'))).toBe(false);
  });

  it('a baseline that is not there, or has nothing to be compared with, with exit 2', () => {
    expect(results.noBaseline).toMatchObject({ status: EXIT_USAGE, stdout: '' });
    expect(results.noBaseline!.stderr).toBe(
      'mintbench: Expected a configuration present in the result files (1, 4) for --baseline but received "9"\n',
    );
    expect(results.hostOnly).toMatchObject({ status: EXIT_USAGE, stdout: '' });
    expect(results.hostOnly!.stderr).toBe(
      'mintbench: Expected result files of another configuration with a workload and size the baseline also has for paths but received "1" (nothing to compare with baseline 1)\n',
    );
    expect(existsSync(dir('out-no-baseline'))).toBe(false);
    expect(existsSync(dir('out-host-only'))).toBe(false);
  });

  it('arms that differ in a parameter: refused by parameters, naming --pair-by, and reported with it', () => {
    expect(results.otherParameters).toMatchObject({ status: EXIT_USAGE, stdout: '' });
    expect(results.otherParameters!.stderr).toContain(
      '(nothing to compare with baseline A with the same parameters (--pair-by workload,size compares other ones))',
    );
    expect(results.pairedBySize!.status, results.pairedBySize!.stderr).toBe(0);
    const page = readFileSync(path.join(dir('out-paired'), 'report.md'), 'utf8');
    expect(page).toContain('- parameters A -\\> B: iterations 1000000 -\\> 1100000\n');
    expect(page).not.toContain('no baseline run');
  });

  it('an --out that is a file, before reading anything', () => {
    expect(results.outIsFile!.status).toBe(EXIT_USAGE);
    expect(results.outIsFile!.stderr).toBe(
      `mintbench: Expected a directory this user can create files in for --out but received ${JSON.stringify(dir('a-file'))} (it exists and is not a directory)\n`,
    );
    expect(readFileSync(dir('a-file'), 'utf8')).toBe('not a directory');
  });

  it('a bad file among good ones: named on one line, the others reported, and the exit code 1', () => {
    expect(results.withBad!.status).toBe(EXIT_RUNTIME);
    const lines = results.withBad!.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`mintbench: skipped ${path.join(dir('with-bad'), 'c-truncated.json')}: is not valid JSON`);
    expect(readdirSync(dir('out-with-bad'))).toContain('index.html');
    expect(readFileSync(path.join(dir('out-with-bad'), 'index.html'), 'utf8')).toContain('From 2 result files');
  });
});

describe('mintbench report follows how the verdicts were decided', () => {
  const temp = tempDir();
  const reference = path.join(root, 'results', 'reference', 'aa-2core-vm');
  const results: Record<string, CliResult> = {};

  beforeAll(async () => {
    Object.assign(
      results,
      await runCliPairs({
        family: ['report', reference, '--out', path.join(temp.dir, 'family')],
        perRow: ['report', reference, '--out', path.join(temp.dir, 'per-row'), '--per-row'],
      }),
    );
  });

  afterAll(() => {
    temp.cleanup();
  });

  it("says the table's verdicts hold together by default, and each on its own with --per-row", () => {
    for (const [name, run] of Object.entries(results)) expect(run.status, `${name}: ${run.stderr}`).toBe(0);
    const page = (name: string) => readFileSync(path.join(temp.dir, name, 'index.html'), 'utf8');
    // The glance table, the comparison's legend and the overhead chart's subtitle.
    expect(page('family')).toContain('interval, 95 % over 7 rows (Bonferroni); the thesis in brackets');
    expect(page('family')).toContain('bar: its interval over runs; verdicts: 95 % over 7 rows (Bonferroni), each interval at 99.29 %');
    expect(page('family')).toContain('the 7 verdicts hold together at 95 % (Bonferroni: each interval at 99.29 %)');
    expect(page('family')).toContain('0.974 (0.78–1.22)');
    expect(page('per-row')).toContain('interval, 95 % per row (--per-row); the thesis in brackets');
    expect(page('per-row')).toContain('bar: its interval over runs; verdicts: 95 % per row (--per-row)');
    expect(page('per-row')).toContain('0.974 (0.87–1.08)');
    expect(page('per-row')).not.toContain('0.974 (0.78–1.22)');
  });
});
