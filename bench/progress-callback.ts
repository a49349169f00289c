// Does a progress callback inflate the next repetition when the JS thread and the measuring thread
// share one CPU, as in the thesis's one-CPU guests? Runs without and with a heavy callback alternate
// in one child process; each pair's ratio is median(with) / median(without).
// The child runs under SCHED_BATCH (chrt -b 0), where a woken thread never preempts the running one:
// without the addon's wait the callback could then only run in the middle of a region.
// Without the wait, repetitions shared their CPU with a 5 ms callback: the median grew by 70 % to
// 200 % in nine tries. With it, the medians agreed within 7 % in every try (mostly within 1 %).
import { spawnSync } from 'node:child_process';
import { median } from 'simple-statistics';

import { runAddonInChild } from '../test/helpers/addon-child.js';
import { countedPairs } from './pairs.js';
import { failedRow, ratioRow, type Row, type Target } from './table.js';
import { PAIRS } from './versus-c.js';

/** A callback that keeps the JS thread busy this long: about as long as one repetition's work. */
const CALLBACK_BUSY_MS = 5;
/** About 3 ms of increments at one per cycle near 2 GHz. */
const INCREMENTS = 6e6;
const REPETITIONS = 12;
const TARGET: Target = { text: 'under 1.12', met: (ratio) => ratio < 1.12 };
const ROW = `Progress callback of ${String(CALLBACK_BUSY_MS)} ms on one CPU: ticks per repetition, with / without`;

// Pair 0 warms up and is not counted, as in alternate(); a is with the callback, b without.
const WORKLOAD = `
  const pairs = [];
  let calls = 0;
  const busy = () => {
    calls += 1;
    const until = performance.now() + ${String(CALLBACK_BUSY_MS)};
    while (performance.now() < until);
  };
  for (let pair = 0; pair <= ${String(PAIRS)}; pair++) {
    const quiet = (await addon.run({ repetitions: ${String(REPETITIONS)}, increments: ${String(INCREMENTS)} }).result).ticks;
    const heavy = (await addon.run({ repetitions: ${String(REPETITIONS)}, increments: ${String(INCREMENTS)} }, busy).result).ticks;
    pairs.push({ a: heavy, b: quiet });
  }
  return { pairs, calls };`;

export function progressCallback(): Row[] {
  if (spawnSync('taskset', ['-V']).status !== 0 || spawnSync('chrt', ['-V']).status !== 0) {
    return [failedRow(ROW, TARGET, 'taskset and chrt (util-linux) are needed')];
  }
  const { pairs, calls } = runAddonInChild(WORKLOAD, { prefix: ['chrt', '-b', '0', 'taskset', '-c', '0'] }) as {
    pairs: { a: number[]; b: number[] }[];
    calls: number;
  };
  // Every repetition of the heavy runs called back: otherwise the comparison compared nothing.
  if (calls !== (PAIRS + 1) * REPETITIONS)
    throw new Error(`the callback ran ${String(calls)} times, not ${String((PAIRS + 1) * REPETITIONS)}`);
  return [
    ratioRow(
      ROW,
      countedPairs(pairs, median, median),
      'ticks',
      TARGET,
      `${String(PAIRS)} pairs × ${String(REPETITIONS)} repetitions a side, after 1 warm-up pair (pinned to CPU 0, SCHED_BATCH)`,
    ),
  ];
}
