// Benchmark, run on demand (npm run bench): how soon a stop request ends a run in the middle of a
// long repetition, for each kind of work. Target: about 100 ms (the chunked loops look at the stop
// flag every few milliseconds). test/workload-stop.test.ts checks that it does, without timing it.
import { describe, expect, it } from 'vitest';

import { summarize } from '../ts/stats/summary.js';
import { useTempTarget } from '../test/helpers/files.js';
import { sizedSpec, STOP_CASES, stopDuringSecondRepetition } from '../test/helpers/stop-request.js';

/** Long enough that waiting for the repetition's end would be plain to see. */
const REPETITION_SECONDS = 1;
const STOP_AFTER_MS = 150;
const TRIALS = 5;
/** Target: the median latency, stop request to result, below this. */
const TARGET_MS = 100;

const target = useTempTarget(16 * 1024 * 1024);

describe('a stop request', () => {
  it.for(STOP_CASES)('ends a long %s repetition within about 100 ms', async (stopCase) => {
    const [name] = stopCase;
    const spec = await sizedSpec(stopCase, target.file, REPETITION_SECONDS);
    const latenciesMs: number[] = [];
    for (let i = 0; i < TRIALS; i += 1) {
      const { result, latencyMs } = await stopDuringSecondRepetition(spec, STOP_AFTER_MS);
      expect(result.ticks).toHaveLength(1);
      latenciesMs.push(latencyMs);
    }
    const { median, max } = summarize(latenciesMs);
    console.log(
      `stop latency, ${name}: median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms over ${String(TRIALS)} stops (target: median < ${String(TARGET_MS)} ms)`,
    );
    expect(median).toBeLessThan(TARGET_MS);
  });
});
