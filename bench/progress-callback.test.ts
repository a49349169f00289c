// Benchmark, run on demand (npm run bench): does a progress callback inflate the next repetition
// when the JS thread and the measuring thread share one CPU, as in the thesis's one-CPU guests?
// With and without a heavy callback, interleaved, in one run; the ratio of medians is reported.
// The child runs under SCHED_BATCH (chrt -b 0), where a woken thread never preempts the running one:
// without the addon's wait the callback could then only run in the middle of a region.
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { summarize } from '../ts/stats/summary.js';
import { runAddonInChild } from '../test/helpers/addon-child.js';

const hasTools = spawnSync('taskset', ['-V']).status === 0 && spawnSync('chrt', ['-V']).status === 0;

/** A callback that keeps the JS thread busy this long: about as long as one repetition's work. */
const CALLBACK_BUSY_MS = 5;
/** About 3 ms of increments at one per cycle near 2 GHz. */
const INCREMENTS = 6e6;
/** Target: a heavy callback costs the measured repetitions under this factor (median over median). */
const MAX_INFLATION = 1.12;

// Interleaved runs with and without the heavy callback, so drifts of the machine hit both alike.
const WORKLOAD = `
  const quiet = [], heavy = [];
  let calls = 0;
  const busy = () => {
    calls += 1;
    const until = performance.now() + ${String(CALLBACK_BUSY_MS)};
    while (performance.now() < until);
  };
  for (let round = 0; round < 3; round++) {
    quiet.push(...(await addon.run({ repetitions: 24, increments: ${String(INCREMENTS)} }).result).ticks);
    heavy.push(...(await addon.run({ repetitions: 24, increments: ${String(INCREMENTS)} }, busy).result).ticks);
  }
  return { quiet, heavy, calls };`;

describe('progress callbacks on one CPU', () => {
  it.skipIf(!hasTools)('do not inflate the next repetition when the JS thread shares its CPU', () => {
    const { quiet, heavy, calls } = runAddonInChild(WORKLOAD, { prefix: ['chrt', '-b', '0', 'taskset', '-c', '0'] }) as {
      quiet: number[];
      heavy: number[];
      calls: number;
    };
    expect(calls).toBe(72);
    expect(quiet).toHaveLength(72);
    expect(heavy).toHaveLength(72);
    // Without the wait, repetitions share their CPU with a 5 ms callback: the median grew by 70 % to
    // 200 % in nine tries. With it, the medians agreed within 7 % in every try (mostly within 1 %).
    const ratio = summarize(heavy).median / summarize(quiet).median;
    console.log(
      `progress callback: median ticks with a ${String(CALLBACK_BUSY_MS)} ms callback / without = ${ratio.toFixed(3)} (target < ${String(MAX_INFLATION)})`,
    );
    expect(ratio).toBeLessThan(MAX_INFLATION);
  });
});
