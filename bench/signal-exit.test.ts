// Benchmark, run on demand (npm run bench): how soon the CLI exits after Ctrl-C or SIGTERM, having
// printed the completed repetitions and written (and fsync'd) the result file. Target: within a
// second. test/cli-signals.test.ts checks what it does, without timing it.
import { describe, expect, it } from 'vitest';

import { EXIT_INTERRUPTED } from '../ts/commands/exit-codes.js';
import { summarize } from '../ts/stats/summary.js';
import { ENDLESS_CPU_RUN, interruptCli } from '../test/helpers/cli.js';
import { tempDir } from '../test/helpers/files.js';

const TRIALS = 5;
/** Target: the median time from the signal to the exit below this. */
const TARGET_MS = 1000;

describe('cli interrupted by a signal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s: exits within a second, its result file written', async (signal) => {
    const exitMs: number[] = [];
    for (let i = 0; i < TRIALS; i += 1) {
      const { dir, cleanup } = tempDir();
      try {
        const result = await interruptCli([...ENDLESS_CPU_RUN, '--out', dir], signal);
        expect(result.status, result.stderr).toBe(EXIT_INTERRUPTED);
        exitMs.push(result.exitMs);
      } finally {
        cleanup();
      }
    }
    const { median, max } = summarize(exitMs);
    console.log(
      `${signal}: exit ${median.toFixed(0)} ms after the signal (median; max ${max.toFixed(0)} ms) over ${String(TRIALS)} runs (target: median < ${String(TARGET_MS)} ms)`,
    );
    expect(median).toBeLessThan(TARGET_MS);
  });
});
