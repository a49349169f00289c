// What a run prints: by default one table row per series, with --per-rep every repetition too; the
// result file is the same either way. Warnings go to stderr (run-warnings.ts), so stdout's lines are
// the run's own output and are counted as they are.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { reportRuns, type RecordArgs } from '../ts/commands/report-run.js';
import { summaryTable } from '../ts/commands/render-run.js';
import { planSuite } from '../ts/measure/suite.js';
import { DEFAULT_REPETITIONS, DEFAULT_SIZES } from '../ts/measure/plan.js';
import { runPlans, type WorkloadRun } from '../ts/measure/run.js';
import { parseRecord } from '../ts/results/record.js';
import { readRecord } from '../ts/results/store.js';
import { summarize } from '../ts/stats/summary.js';
import { runCliPairs } from './helpers/cli.js';
import { fixtureMachine, SYNTHETIC_TIMER } from './helpers/fixtures.js';
import { tempDir, useTempTarget } from './helpers/files.js';

vi.mock('../ts/measure/run.js', async (original) => ({ ...(await original<typeof import('../ts/measure/run.js')>()), runPlans: vi.fn() }));

const target = useTempTarget(4 * 1024 * 1024);

/** A printed repetition: its number, ticks, seconds and CPU. */
const REPETITION_LINE = /^\s+\d+\s+\d+\s+\d+\.\d{9}\s+\d+/;
const WIDTH = 120;

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** The suite's plans with fixed seconds per series, as runPlans would return them (timer at 1 GHz). */
function fixedRuns(device: string, seconds: Record<string, number[]>): WorkloadRun[] {
  const plans = planSuite({ repetitions: 2, warmup: 0, sizes: [4096], increments: 1000, copies: 2, reads: 2, device });
  return plans.map((plan) => ({
    workload: plan.workload,
    parameters: plan.parameters,
    timer: SYNTHETIC_TIMER,
    stopped: false,
    series: plan.series.map((series) => {
      const times = seconds[plan.workload] ?? [];
      return {
        workload: plan.workload,
        sizeBytes: series.sizeBytes,
        repetitions: times.map((s) => ({ ticks: Math.round(s * 1e9), seconds: s, cpuStart: 0, cpuEnd: 0, migrated: false })),
        warmup: [],
        summary: summarize(times),
      };
    }),
  }));
}

/** reportRuns of the fixed runs at a fixed time, into a fresh directory: what it printed and the bytes of its result file. */
async function printAndSave(runs: WorkloadRun[], perRep: boolean): Promise<{ stdout: string; file: string }> {
  vi.mocked(runPlans).mockResolvedValue(runs);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-08T01:00:00.000Z'));
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const { dir, cleanup } = tempDir();
  try {
    const args: RecordArgs = {
      config: '1',
      instance: undefined,
      note: undefined,
      node: undefined,
      out: dir,
      runs: 1,
      quiet: true,
      json: false,
      perRep,
    };
    await reportRuns(
      'suite',
      args,
      () => planSuite({ repetitions: 2, warmup: 0, sizes: [4096], device: target.file }),
      () => Promise.resolve(fixtureMachine('kvm')),
    );
    const [name] = readdirSync(dir);
    return { stdout, file: readFileSync(path.join(dir, name!), 'utf8') };
  } finally {
    vi.restoreAllMocks();
    vi.useRealTimers();
    cleanup();
  }
}

/** The lines of the table: from its heading to the last row (a blank line or the note on a clamped interval follows). */
function tableOf(stdout: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith('series '));
  const end = lines.findIndex((line, i) => i > start && (line === '' || line.startsWith('*')));
  return lines.slice(start, end);
}

describe('what a run prints', () => {
  // cpu: a narrow interval. mem: two repetitions 1.8 ms apart, whose interval, mean 1 ms ± 12.706 × 0.9 ms,
  // reaches -10.4 ms. io: 5.0 and 5.1 ms, ± 0.635 ms.
  const seconds = { cpu: [0.01, 0.0102], mem: [0.0001, 0.0019], io: [0.005, 0.0051] };

  it('one aligned row per series by default, every repetition with --per-rep, and the same result file', async () => {
    const runs = fixedRuns(target.file, seconds);
    const plain = await printAndSave(runs, false);
    const each = await printAndSave(runs, true);

    expect(plain.stdout.split('\n').filter((line) => REPETITION_LINE.test(line))).toEqual([]);
    const table = tableOf(plain.stdout);
    expect(table[0]).toMatch(/^series +n +mean +sd +cv +95 % CI of the mean +min +max +outliers$/);
    expect(table.slice(1).map((row) => row.split(/\s{2,}/)[0])).toEqual(['cpu', 'mem 4K', 'io 4K']);
    // Right-aligned numbers end where their heading ends, so every line of the table is as long.
    expect(new Set(table.map((line) => line.length)).size).toBe(1);
    expect(table[1]).toMatch(/^cpu +2 +10\.100 ms +141\.421 µs +1\.40 % +8\.829 ms – 11\.371 ms +10\.000 ms +10\.200 ms +0$/);
    // The interval as computed reaches below 0: shown from 0 s, marked, and said why once.
    expect(table[2]).toMatch(/^mem 4K +2 +1\.000 ms .* 0 s\* – +12\.436 ms +100\.000 µs +1\.900 ms +0$/);
    expect(table[3]).toMatch(/ 4\.415 ms – +5\.685 ms /);
    expect(plain.stdout).toMatch(
      /^\* computed, it reaches below 0 \(few repetitions or a large spread\): shown from 0 s, as a time cannot be negative$/m,
    );
    expect(table.filter((line) => /-\d/.test(line))).toEqual([]);

    const repetitions = each.stdout.split('\n').filter((line) => REPETITION_LINE.test(line));
    expect(repetitions).toHaveLength(6);
    expect(repetitions[2]).toMatch(/^ +1 +100000 +0\.000100000 +0$/);
    expect(each.stdout).toMatch(/^ {2}mean 1\.000 ms +sd 1\.273 ms +cv 127\.28 % +\(n=2\) +95 % CI of the mean 0 s\* – 12\.436 ms$/m);
    expect(tableOf(each.stdout)).toEqual(table);

    expect(each.file).toBe(plain.file);
    expect(parseRecord(JSON.parse(plain.file) as unknown).runs.flatMap((run) => run.series.map((s) => s.repetitions.length))).toEqual([
      2, 2, 2,
    ]);
  });
});

describe('the table of series', () => {
  it('gives one repetition no spread and no interval, rather than a spread of 0', () => {
    const one = { title: 'cpu', repetitions: [], summary: summarize([0.002]) };
    const two = { title: 'mem 1M', repetitions: [], summary: summarize([0.002, 0.0021]) };
    const [header, ...rows] = summaryTable([one, two], '  ');
    expect(header).toMatch(/^ {2}series /);
    expect(rows[0]).toMatch(/^ {2}cpu +1 +2\.000 ms +– +– +none \(n = 1\) +2\.000 ms +2\.000 ms +0$/);
    expect(rows[1]).toMatch(/^ {2}mem 1M +2 +2\.050 ms +70\.711 µs +3\.45 % +1\.415 ms – 2\.685 ms +2\.000 ms +2\.100 ms +0$/);
    expect(rows).toHaveLength(2);
  });
});

describe('mintbench suite on the command line', () => {
  it('prints at most 40 lines of at most 120 columns, one row per series; --per-rep adds one line per repetition', async () => {
    const out = tempDir();
    try {
      // The default sizes and repetitions, so as many series and rows as `mintbench suite`, each short.
      const args = [
        'suite',
        '--warmup',
        '0',
        '--increments',
        '1000',
        '--copies',
        '2',
        '--reads',
        '2',
        '--device',
        target.file,
        '--out',
        out.dir,
      ];
      const { plain, each } = await runCliPairs({ plain: args, each: [...args, '--per-rep'] });
      expect(plain?.status, plain?.stderr).toBe(0);
      expect(each?.status, each?.stderr).toBe(0);
      const lines = plain!.stdout.trimEnd().split('\n');
      expect(lines.length).toBeLessThanOrEqual(40);
      expect(lines.filter((line) => line.length > WIDTH)).toEqual([]);
      expect(lines.filter((line) => /warning/i.test(line))).toEqual([]);
      const series = 1 + 2 * DEFAULT_SIZES.length;
      expect(tableOf(plain!.stdout)).toHaveLength(1 + series);
      expect(lines.filter((line) => REPETITION_LINE.test(line))).toEqual([]);
      const repetitions = each!.stdout.split('\n').filter((line) => REPETITION_LINE.test(line));
      expect(repetitions).toHaveLength(series * DEFAULT_REPETITIONS);

      // Both result files hold the same fields (their warnings may differ: the machine is shared), and every repetition.
      const records = readdirSync(out.dir).map((name) => readRecord(path.join(out.dir, name)));
      expect(records).toHaveLength(2);
      const shapes = records.map((record) =>
        JSON.stringify({ ...record, warnings: [] }, (_key, value: unknown) => (typeof value === 'object' ? value : typeof value)),
      );
      expect(shapes[0]).toBe(shapes[1]);
      for (const record of records) {
        expect(record.runs.flatMap((run) => run.series.map((s) => s.repetitions.length))).toEqual(
          Array<number>(series).fill(DEFAULT_REPETITIONS),
        );
      }
    } finally {
      out.cleanup();
    }
  });
});
