// The thesis's evaluation (figure 5.2): the CPU mix 0:1:0, the memory mix 0:0:1 and the I/O mix
// 1:0:0 at each size, one after the other, through the one runMix() path.
import { loadAddon } from './native.js';
import { DEFAULT_REPETITIONS, DEFAULT_SIZES, DEFAULT_WARMUP, runMixPart, type MixOptions, type MixRatio, type WorkloadRun } from './run.js';

export type SuiteOptions = Omit<MixOptions, 'ratio'>;

/** The parts of the evaluation, in the order they run. */
export const SUITE_RATIOS: readonly MixRatio[] = [
  { reads: 0, increments: 1, copies: 0 },
  { reads: 0, increments: 0, copies: 1 },
  { reads: 1, increments: 0, copies: 0 },
];

/**
 * Runs every part of the evaluation and returns one WorkloadRun per part; after a stop it returns
 * the parts run so far (the last one marked stopped). `onProgress` counts over the whole suite.
 */
export async function runSuite(options: SuiteOptions = {}): Promise<WorkloadRun[]> {
  const runs: WorkloadRun[] = [];
  const perSeries = (options.warmup ?? DEFAULT_WARMUP) + (options.repetitions ?? DEFAULT_REPETITIONS);
  const seriesCount = SUITE_RATIOS.map((ratio) => (ratio.increments > 0 ? 1 : (options.sizes ?? DEFAULT_SIZES).length));
  const total = seriesCount.reduce((sum, count) => sum + count * perSeries, 0);
  let offset = 0;
  // One stop request for the whole suite: cleared here once, not by each part.
  (options.addon ?? loadAddon()).clearStop();
  for (const [index, ratio] of SUITE_RATIOS.entries()) {
    const run = await runMixPart({
      ...options,
      ratio,
      onProgress: (event) => options.onProgress?.({ ...event, done: offset + event.done, total }),
    });
    runs.push(run);
    offset += (seriesCount[index] ?? 0) * perSeries;
    if (run.stopped) break;
  }
  return runs;
}
