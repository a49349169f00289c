// Benchmark, run on demand (npm run bench): the start skew of two runs on one machine started
// through one `mintbench barrier` (--sync), each pinned to its own CPU. Target: under 1 ms, as the
// barrier measured it (one clock: both runs' CLOCK_MONOTONIC). Several groups in a row; the median
// and the largest are reported.
import { describe, expect, it } from 'vitest';

import { loadRecords } from '../ts/results/store.js';
import { summarize } from '../ts/stats/summary.js';
import { startBarrier, syncedCpuRun } from '../test/helpers/barrier.js';
import { tempDir } from '../test/helpers/files.js';

const GROUPS = 10;
/** The target for processes on one machine. */
const MAX_MEDIAN_SKEW_SECONDS = 1e-3;

describe('start skew through one barrier', () => {
  it(`stays under ${MAX_MEDIAN_SKEW_SECONDS * 1e3} ms between two pinned runs (median of ${GROUPS} groups)`, async () => {
    const out = tempDir();
    try {
      for (let group = 0; group < GROUPS; group += 1) {
        const barrier = await startBarrier(['--parties', '2', '--timeout', '60']);
        const run = (instance: string, cpu: number) => syncedCpuRun(barrier.port, instance, cpu, out.dir);
        const results = await Promise.all([run('a', 0), run('b', 1), barrier.exited]);
        for (const result of results) expect(result.status, result.stderr).toBe(0);
      }
      const { records } = loadRecords([out.dir]);
      const skews = new Map(records.map(({ record }) => [record.sync!.group, record.sync!.startSkewSeconds!]));
      expect(skews.size).toBe(GROUPS);
      const summary = summarize([...skews.values()]);
      console.log(
        `start skew over ${GROUPS} groups: median ${(summary.median * 1e6).toFixed(1)} µs, max ${(summary.max * 1e6).toFixed(1)} µs (target: median < ${MAX_MEDIAN_SKEW_SECONDS * 1e6} µs)`,
      );
      expect(summary.median).toBeLessThan(MAX_MEDIAN_SKEW_SECONDS);
    } finally {
      out.cleanup();
    }
  });
});
