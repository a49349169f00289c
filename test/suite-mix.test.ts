import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { runMix, type ProgressEvent } from '../ts/measure/run.js';
import { readRecord } from '../ts/results/store.js';
import { runSuite } from '../ts/measure/suite.js';
import { runCli } from './helpers/cli.js';
import { useTempTarget } from './helpers/files.js';

const target = useTempTarget(4 * 1024 * 1024);

describe('suite and mix', () => {
  it('the suite is the mixes 0:1:0, 0:0:1 and 1:0:0, with progress counted over all of it', async () => {
    const events: ProgressEvent[] = [];
    const runs = await runSuite({
      repetitions: 2,
      warmup: 1,
      sizes: [4096, 8192],
      reads: 3,
      increments: 1000,
      copies: 5,
      device: target.file,
      onProgress: (event) => events.push(event),
    });
    expect(runs.map((run) => run.workload)).toEqual(['cpu', 'mem', 'io']);
    expect(runs.map((run) => run.parameters.ratio)).toEqual([
      { reads: 0, increments: 1, copies: 0 },
      { reads: 0, increments: 0, copies: 1 },
      { reads: 1, increments: 0, copies: 0 },
    ]);
    expect(runs.map((run) => run.series.map((s) => s.sizeBytes))).toEqual([[null], [4096, 8192], [4096, 8192]]);
    expect(runs[0]!.parameters).toMatchObject({ increments: 1000, warmup: 1 });
    expect(runs[1]!.parameters).toMatchObject({ copies: 5 });
    expect(runs[2]!.parameters).toMatchObject({ reads: 3, device: target.file, direct: true });
    for (const run of runs) for (const series of run.series) expect(series.repetitions).toHaveLength(2);
    // 5 series × (1 warm-up + 2 measured) repetitions, counted once each, in order.
    expect(events.map((e) => e.done)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.total))).toEqual(new Set([15]));
  });

  it('a stop requested at the end of one part ends the suite instead of being forgotten by the next', async () => {
    // The request comes with the last CPU repetition's progress: the CPU part is complete by then.
    const controller = new AbortController();
    const runs = await runSuite({
      signal: controller.signal,
      repetitions: 2,
      warmup: 0,
      sizes: [4096],
      increments: 1000,
      copies: 2,
      device: target.file,
      onProgress: (event) => {
        if (event.workload === 'cpu' && event.done === 2) controller.abort();
      },
    });
    expect(runs.at(-1)!.stopped).toBe(true);
    expect(runs.map((run) => run.workload)).not.toContain('io');
    // A new run is not stopped by the old signal.
    const after = await runMix({ ratio: { reads: 0, increments: 1, copies: 0 }, increments: 1000, repetitions: 2 });
    expect(after.stopped).toBe(false);
    expect(after.series[0]!.repetitions).toHaveLength(2);
  });

  it('a mix multiplies the unit counts and applies each size to reads and copies', async () => {
    const run = await runMix({
      ratio: { reads: 2, increments: 3, copies: 1 },
      reads: 2,
      increments: 1000,
      copies: 4,
      sizes: [4096],
      repetitions: 3,
      warmup: 0,
      device: target.file,
    });
    expect(run.workload).toBe('mix');
    expect(run.parameters).toMatchObject({ reads: 4, increments: 3000, copies: 4 });
    const series = run.series[0]!;
    expect(series.sizeBytes).toBe(4096);
    // Every repetition did its 4 reads.
    expect(series.offsets).toHaveLength(3 * 4);
  });

  it('refuses a ratio with no work and a malformed ratio', async () => {
    await expect(runMix({ ratio: { reads: 0, increments: 0, copies: 0 } })).rejects.toThrow(
      /^Expected at least one part above 0 \(L:M:N\) for ratio but received "0:0:0"$/,
    );
    await expect(runMix({ ratio: { reads: -1, increments: 1, copies: 0 } })).rejects.toThrow(/for ratio but received -1/);
    const cli = runCli(['mix', '--ratio', '1:2', '--out', target.dir]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toBe('mintbench: Expected L:M:N with whole numbers, e.g. 1:2:1 for --ratio but received "1:2"\n');
  });

  it('mix and suite write their record from the command line', () => {
    const out = path.join(target.dir, 'records');
    const args = [
      '--reps',
      '2',
      '--warmup',
      '0',
      '--sizes',
      '4K',
      '--reads',
      '1',
      '--increments',
      '1000',
      '--copies',
      '2',
      '--device',
      target.file,
      '--out',
      out,
    ];
    const mix = runCli(['mix', '--ratio', '1:1:1', ...args, '--config', 'lab box', '--json']);
    expect(mix.status).toBe(0);
    const printed = JSON.parse(mix.stdout) as { command: string; configuration: { label: string } };
    expect(printed).toMatchObject({ command: 'mix', configuration: { label: 'lab box' } });
    const suite = runCli(['suite', ...args, '--config', '3', '--note', 'n']);
    expect(suite.status).toBe(0);
    expect(suite.stdout).toMatch(/^configuration: 3 Mint OS node0,1 \(n\)$/m);
    expect(suite.stdout).toMatch(/^series +n +mean +sd +cv +95 % CI of the mean +min +max +outliers\ncpu +2 .*\nmem 4K +2 .*\nio 4K +2 /m);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(2);
    const records = files.map((name) => readRecord(path.join(out, name)));
    const suiteRecord = records.find((r) => r.command === 'suite')!;
    expect(suiteRecord.runs.map((r) => r.workload)).toEqual(['cpu', 'mem', 'io']);
    expect(suiteRecord.machine.cpu.logicalCpus).toBeGreaterThan(0);
    expect(suiteRecord.machine.tsc.calibratedHz).toBeGreaterThan(1e6);
  });
});
