import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { runCli } from './helpers/cli.js';
import { root, useTempTarget } from './helpers/files.js';

const target = useTempTarget(4 * 1024 * 1024);

describe('cli', () => {
  it("--version prints package.json's version", () => {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const result = runCli(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  it('cpu prints one line of statistics by default, and its 10 repetitions with --per-rep', () => {
    const isRepetition = (line: string) => /^\s+\d+\s+\d+\s+\d+\.\d+\s+\d+/.test(line);
    const result = runCli(['cpu', '--iterations', '1000000', '--out', target.dir]);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').filter(isRepetition)).toHaveLength(0);
    expect(result.stdout).toMatch(
      /^series +n +mean +sd +cv +95 % CI of the mean +min +max +outliers\ncpu +10 +[\d.]+ [µm]?s +[\d.]+ [µm]?s +[\d.]+ % /m,
    );
    const each = runCli(['cpu', '--iterations', '1000000', '--per-rep', '--out', target.dir]);
    expect(each.status).toBe(0);
    expect(each.stdout.split('\n').filter(isRepetition)).toHaveLength(10);
  });

  it('mem prints one series per size', () => {
    const result = runCli(['mem', '--sizes', '4K,8K', '--iterations', '10', '--reps', '3', '--out', target.dir]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^mem 4K +3 /m);
    expect(result.stdout).toMatch(/^mem 8K +3 /m);
  });

  it('io says it read a file, not a disk, and --json gives the record as data', () => {
    const text = runCli(['io', '--device', target.file, '--sizes', '64K', '--iterations', '2', '--reps', '2', '--out', target.dir]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/regular FILE, not a disk/);
    const json = runCli([
      'io',
      '--device',
      target.file,
      '--sizes',
      '64K',
      '--iterations',
      '2',
      '--reps',
      '2',
      '--json',
      '--out',
      target.dir,
    ]);
    expect(json.status).toBe(0);
    const record = JSON.parse(json.stdout) as { runs: { workload: string; series: { repetitions: { ticks: number }[] }[] }[] };
    const run = record.runs[0]!;
    expect(run.workload).toBe('io');
    expect(run.series[0]!.repetitions).toHaveLength(2);
    expect(run.series[0]!.repetitions[0]!.ticks).toBeGreaterThan(0);
  });

  it('reports bad input in one line with exit code 2', () => {
    const result = runCli(['io', '--device', target.dir, '--reps', '1', '--out', target.dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^mintbench: Expected a block device or regular file, not a directory for --device but received/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(runCli(['mem', '--sizes', '12Q', '--out', target.dir]).status).toBe(2);
    expect(runCli(['cpu', '--reps', '0', '--out', target.dir]).stderr).toMatch(/for --reps but received 0/);
    expect(runCli(['frobnicate']).status).toBe(2);
  });
});
