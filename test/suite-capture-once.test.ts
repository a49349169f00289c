// A suite describes its machine once, whatever its number of parts: one calibration, one load sample.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { reportRuns } from '../ts/commands/report-run.js';
import { captureMachine, type CaptureOptions } from '../ts/env/index.js';
import { planSuite } from '../ts/measure/suite.js';
import { readRecord } from '../ts/results/store.js';
import { useTempTarget } from './helpers/files.js';

const target = useTempTarget(1024 * 1024);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a suite', () => {
  it('captures the machine once for all its parts, describing the disk its reads go to', async () => {
    const out = path.join(target.dir, 'results');
    const calls: CaptureOptions[] = [];
    const counting = (options: CaptureOptions) => {
      calls.push(options);
      return captureMachine(options);
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const args = { config: '1', instance: undefined, note: undefined, node: undefined, out, runs: 1, quiet: true, json: false };
    const plan = () => planSuite({ repetitions: 2, warmup: 0, sizes: [4096], increments: 1000, copies: 2, reads: 2, device: target.file });
    await reportRuns('suite', args, plan, counting);
    vi.restoreAllMocks();

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ device: target.file, direct: true });
    const [file] = readdirSync(out);
    const record = readRecord(path.join(out, file!));
    expect(record.runs.map((run) => run.workload)).toEqual(['cpu', 'mem', 'io']);
    expect(record.machine.disk?.path).toBe(target.file);
    // The load was sampled, once, over its window.
    expect(record.machine.load?.windowSeconds).toBeGreaterThan(0);
  });
});
