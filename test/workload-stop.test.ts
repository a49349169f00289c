// A stop ends a run at once, even in the middle of a long repetition, which it discards. How fast
// (about 100 ms) is timed in bench/latency.ts (npm run bench): here only what happens, with wide margins.
import { describe, expect, it } from 'vitest';

import { loadAddon } from '../ts/measure/native.js';
import { useTempTarget } from './helpers/files.js';
import { sizedSpec, STOP_CASES, stopDuringSecondRepetition } from './helpers/stop-request.js';

/** Each repetition runs about this long: ten times the stop's delay, so the stop lands inside the second. */
const REPETITION_SECONDS = 1.5;
const STOP_AFTER_MS = 150;

const target = useTempTarget(16 * 1024 * 1024);

describe('a stop request', () => {
  it.for(STOP_CASES)('ends a long %s repetition before its end and discards it', async (stopCase) => {
    const spec = await sizedSpec(stopCase, target.file, REPETITION_SECONDS);
    const { result } = await stopDuringSecondRepetition(spec, STOP_AFTER_MS);
    expect(result.stopped).toBe(true);
    // The first repetition is kept whole. The second, cut short, is not recorded: a stop that waited
    // for its end would have kept it, and one that was never seen would have run all five.
    expect(result.ticks).toHaveLength(1);
    // The stop came STOP_AFTER_MS into the second repetition, long before a repetition this long ends.
    expect(result.ticks[0]! / result.timer.hz).toBeGreaterThan((2 * STOP_AFTER_MS) / 1000);
  });

  it('ends a run whose stop came before its first repetition ended, keeping nothing', async () => {
    // 10^10 increments take seconds: the stop, called right after the start, lands before the first ends.
    const run = loadAddon().run({ repetitions: 3, increments: 1e10 });
    run.stop();
    const result = await run.result;
    expect(result.stopped).toBe(true);
    expect(result.ticks).toEqual([]);
  });

  it('ends only its own run: another run in the same process goes on', async () => {
    const addon = loadAddon();
    const spec = { repetitions: 4, increments: 1_000_000 };
    const stopped = addon.run(spec, () => {
      stopped.stop();
    });
    const other = addon.run(spec, () => undefined);
    const [first, second] = await Promise.all([stopped.result, other.result]);
    expect(first.stopped).toBe(true);
    expect(first.ticks).toHaveLength(1);
    expect(second.stopped).toBe(false);
    expect(second.ticks).toHaveLength(4);
  });
});
