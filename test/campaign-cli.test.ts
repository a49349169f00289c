// mintbench campaign and --runs, end to end with tiny runs: every run a fresh process writing its own
// result file with its campaign id, round and position; compare pairs them by round.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { EXIT_INTERRUPTED, EXIT_RUNTIME, EXIT_USAGE } from '../ts/commands/exit-codes.js';
import type { ResultRecord } from '../ts/results/schema.js';
import { readRecord } from '../ts/results/store.js';
import { TERMINAL_COLUMNS } from '../ts/output/compare-format.js';
import { displayWidth } from '../ts/output/text-width.js';
import { cliCwd, cliPath, runCli, runCliAsync } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';

/** A run that takes about a second, most of it node starting and the timer's calibration. */
const TINY = 'cpu --iterations 1000 --reps 2 --warmup 0';

function records(dir: string): ResultRecord[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => readRecord(path.join(dir, name)));
}

describe('mintbench campaign', () => {
  let cleanup = (): void => undefined;
  afterEach(() => {
    cleanup();
  });
  function outDir(): string {
    const temp = tempDir();
    cleanup = temp.cleanup;
    return path.join(temp.dir, 'results');
  }

  it('runs every arm once per round in a random order, each run recording its campaign, round and position', () => {
    const out = outDir();
    const result = runCli(['campaign', '--arm', `A=${TINY}`, '--arm', `B=${TINY} --note "second arm"`, '--rounds', '2', '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    const made = records(out);
    expect(made).toHaveLength(4);
    const [first] = made;
    const id = first!.campaign!.id;
    expect(made.every((record) => record.campaign?.id === id)).toBe(true);
    for (const round of [1, 2]) {
      const inRound = made.filter((record) => record.campaign!.round === round);
      expect(inRound.map((record) => record.configuration.label).sort()).toEqual(['A', 'B']);
      expect(inRound.map((record) => record.campaign!.position).sort()).toEqual([1, 2]);
    }
    expect(made.filter((record) => record.configuration.label === 'B').every((record) => record.configuration.note === 'second arm')).toBe(
      true,
    );
    // Then the comparison, paired by round, and how to see it again.
    expect(result.stdout).toMatch(/^cpu\s+-\s+B\s+2×2\s+.*\d\.\d{3} \(\d+\.\d\d–\d+\.\d\d\) {2,}\S/m);
    // One verdict: what the table controls is that row's 95 %.
    expect(result.stdout).toMatch(/^verdicts: 95 %, 1 row$/m);
    // A table that fits a terminal (the pairing is in the csv below, and in --wide).
    expect(result.stdout.split('\n').filter((line) => displayWidth(line) > TERMINAL_COLUMNS)).toEqual([]);
    expect(result.stderr).toContain(`campaign ${id}: round 2/2, run 2/2: `);
    expect(result.stderr).toContain(
      `campaign ${id}: 4 of 4 runs completed, result files in ${out} (again: mintbench compare ${out} --campaign ${id} --baseline A --pair-by workload,size)`,
    );
    const again = runCli(['compare', out, '--campaign', id, '--baseline', 'A', '--pair-by', 'workload,size', '--format', 'csv']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(',paired-rounds,');
  });

  it('stops a run still going after --run-timeout, names it and exits 1, starting no further run', async () => {
    const out = outDir();
    const long = 'cpu --reps 100000 --iterations 100000000 --quiet';
    const result = await runCliAsync([
      'campaign',
      '--arm',
      `A=${long}`,
      '--arm',
      `B=${long}`,
      '--rounds',
      '1',
      '--run-timeout',
      '3',
      '--out',
      out,
    ]);
    expect(result.status, result.stderr).toBe(EXIT_RUNTIME);
    expect(result.stderr).toMatch(
      /\ncampaign \S+: the run of [AB] in round 1 failed \(still going after 3 s, stopped\); no further run started\n$/,
    );
    expect(result.stderr).not.toMatch(/run 2\/2/);
    expect(result.stderr).toMatch(/campaign \S+: 0 of 2 runs completed/);
  });

  it('compares arms that differ in a parameter as the user defined them, and lists the difference', () => {
    const out = outDir();
    const arm = (iterations: number) => `cpu --iterations ${iterations} --reps 3`;
    const result = runCli(['campaign', '--arm', `A=${arm(1_000_000)}`, '--arm', `B=${arm(1_100_000)}`, '--rounds', '2', '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^parameters A -> B: iterations 1000000 -> 1100000$/m);
    // B's row: a ratio paired over the 2 rounds and a verdict read off its interval, not "no baseline run".
    const row = /^cpu\s+-\s+B\s+2×3\s+.*?\s(\d\.\d{3}) \((\d+\.\d\d)–(\d+\.\d\d)\)\s+(\S.*)$/m.exec(result.stdout);
    expect(row, result.stdout).not.toBeNull();
    expect(row?.[4]).toMatch(/^(\d\.\d\d× slower|\d\.\d\d× faster|equal ±5 %|inconclusive: \+\d+ runs?|inconclusive: >\d+ runs)\s*$/);
    expect(result.stdout).not.toContain('no baseline run');
    expect(result.stdout).toMatch(/^verdicts: 95 %, 1 row$/m);
    // compare pairs them the same way when asked, and by parameters otherwise.
    const id = records(out)[0]!.campaign!.id;
    const csv = runCli(['compare', out, '--campaign', id, '--baseline', 'A', '--pair-by', 'workload,size', '--format', 'csv']);
    expect(csv.status, csv.stderr).toBe(0);
    const [header, ...lines] = csv.stdout.trimEnd().split('\n');
    const columns = header!.split(',');
    const b = lines.map((line) => line.split(',')).find((cells) => cells[columns.indexOf('config')] === 'B');
    expect(['increments_per_rep', 'baseline_increments_per_rep', 'ratio_basis'].map((name) => b?.[columns.indexOf(name)])).toEqual([
      '1100000',
      '1000000',
      'paired-rounds',
    ]);
    const byParameters = runCli(['compare', out, '--campaign', id, '--baseline', 'A']);
    expect(byParameters.status, byParameters.stderr).toBe(0);
    expect(byParameters.stdout).toMatch(/^cpu\s+-\s+B\s+2×3\s+.*\s{2}no baseline run: other parameters/m);
    expect(byParameters.stdout).not.toContain('parameters A -> B');
  });

  it('checks every arm before the first run and runs nothing when one is bad', async () => {
    const out = outDir();
    const [bad, owned, single] = await Promise.all([
      runCliAsync(['campaign', '--arm', `A=${TINY}`, '--arm', 'B=cpu --reps 0', '--rounds', '2', '--out', out]),
      runCliAsync(['campaign', '--arm', `A=${TINY}`, '--arm', `B=${TINY} --config 4`, '--out', out]),
      runCliAsync(['campaign', '--arm', `A=${TINY}`, '--out', out]),
    ]);
    expect(bad.status).toBe(EXIT_USAGE);
    expect(bad.stderr).toContain('mintbench: Expected an integer from 1 to 1000000 for --reps but received 0');
    expect(bad.stderr).toContain('mintbench: Expected arms whose options check out but received B (see above); nothing was run');
    expect(owned.status).toBe(EXIT_USAGE);
    expect(owned.stderr).toContain('(the campaign sets them) for --arm');
    expect(single.status).toBe(EXIT_USAGE);
    expect(single.stderr).toContain('Expected two arms or more');
    expect(() => readdirSync(out)).toThrow(/ENOENT/);
  });

  it('stops on SIGTERM: the run under way ends, no further run starts, every completed run is kept', async () => {
    const out = outDir();
    const child = spawn(
      process.execPath,
      [cliPath, 'campaign', '--arm', `A=${TINY}`, '--arm', `B=${TINY}`, '--rounds', '20', '--out', out],
      {
        cwd: cliCwd(),
      },
    );
    let stderr = '';
    const firstDone = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/ done in /.test(stderr)) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', resolve);
    });
    await firstDone;
    child.kill('SIGTERM');
    expect(await exited).toBe(EXIT_INTERRUPTED);
    expect(stderr).toMatch(/stopped; every completed run is kept/);
    const made = records(out);
    const done = (stderr.match(/ done in /g) ?? []).length;
    // Every run reported done left its file; the one under way may have written what it completed (marked so).
    expect(made.filter((record) => !record.interrupted)).toHaveLength(done);
    expect(made.length - done).toBeLessThanOrEqual(1);
    expect(made.length).toBeLessThan(40);
    expect(made.every((record) => record.campaign !== undefined)).toBe(true);
  });
});

describe('--runs K', () => {
  it('makes K independent runs, each a fresh process with a result file of its own, and summarizes them', () => {
    const temp = tempDir();
    try {
      const out = path.join(temp.dir, 'results');
      const result = runCli([...TINY.split(' '), '--runs', '3', '--config', 'laptop', '--out', out]);
      expect(result.status, result.stderr).toBe(0);
      const made = records(out);
      expect(made).toHaveLength(3);
      expect(made.map((record) => record.campaign!.round).sort()).toEqual([1, 2, 3]);
      expect(new Set(made.map((record) => record.campaign!.id)).size).toBe(1);
      expect(made.every((record) => record.configuration.label === 'laptop' && record.campaign!.position === 1)).toBe(true);
      // Each run calibrated its own timer.
      expect(new Set(made.map((record) => record.machine.tsc.calibratedHz)).size).toBe(3);
      expect(result.stdout).toMatch(/^cpu\s+-\s+laptop\s+3×2\s+/m);
      const json = runCli([...TINY.split(' '), '--runs', '2', '--json', '--out', out]);
      expect(json.status).toBe(EXIT_USAGE);
      expect(json.stderr).toContain('Expected 1 with --json (each run writes its own record) for --runs but received 2');
    } finally {
      temp.cleanup();
    }
  });

  it('follows the campaign contract when a campaign runs it', () => {
    const temp = tempDir();
    try {
      const out = path.join(temp.dir, 'from-campaign');
      const env = {
        MINTBENCH_CAMPAIGN_ID: 'c-42',
        MINTBENCH_CAMPAIGN_ROUND: '7',
        MINTBENCH_CAMPAIGN_POSITION: '2',
        MINTBENCH_CAMPAIGN_ARM: 'guest',
        MINTBENCH_CAMPAIGN_OUT: out,
      };
      expect(runCli(TINY.split(' '), { ...env, MINTBENCH_CAMPAIGN_CHECK: '1' }).status).toBe(0);
      expect(() => readdirSync(out)).toThrow(/ENOENT/);
      const result = runCli(TINY.split(' '), env);
      expect(result.status, result.stderr).toBe(0);
      const [record] = records(out);
      expect(record!.campaign).toEqual({ id: 'c-42', round: 7, position: 2 });
      expect(record!.configuration.label).toBe('guest');
      const bad = runCli(TINY.split(' '), { ...env, MINTBENCH_CAMPAIGN_ROUND: 'first' });
      expect(bad.status).toBe(EXIT_USAGE);
      expect(bad.stderr).toBe('mintbench: Expected an integer of at least 1 for MINTBENCH_CAMPAIGN_ROUND but received "first"\n');
      const nested = runCli([...TINY.split(' '), '--runs', '2'], env);
      expect(nested.stderr).toContain('Expected 1 inside a campaign (the campaign makes the runs) for --runs but received 2');
    } finally {
      temp.cleanup();
    }
  });
});
