// The thesis's evaluation (figure 5.2): the CPU mix 0:1:0, the memory mix 0:0:1 and the I/O mix
// 1:0:0 at each size, one after the other, through the one runMix() path.
import { planMix, runPlanned, type MixOptions, type MixPlan, type MixRatio, type WorkloadRun } from './run.js';

export type SuiteOptions = Omit<MixOptions, 'ratio'>;

/** The parts of the evaluation, in the order they run. */
export const SUITE_RATIOS: readonly MixRatio[] = [
  { reads: 0, increments: 1, copies: 0 },
  { reads: 0, increments: 0, copies: 1 },
  { reads: 1, increments: 0, copies: 0 },
];

/**
 * Runs every part of the evaluation and returns one WorkloadRun per part; after `signal` aborts it
 * returns the parts run so far (the last one marked stopped). `onProgress` counts over the whole suite.
 */
export async function runSuite(options: SuiteOptions = {}): Promise<WorkloadRun[]> {
  // Every part's options are checked before the first repetition of any part.
  const plans = SUITE_RATIOS.map((ratio) => planMix({ ...options, ratio }));
  const repetitionsOf = (plan: MixPlan) => plan.series.length * (plan.common.warmup + plan.common.repetitions);
  const total = plans.reduce((sum, plan) => sum + repetitionsOf(plan), 0);
  const runs: WorkloadRun[] = [];
  let offset = 0;
  for (const plan of plans) {
    const run = await runPlanned(plan, {
      ...options,
      onProgress: (event) => options.onProgress?.({ ...event, done: offset + event.done, total }),
    });
    runs.push(run);
    offset += repetitionsOf(plan);
    if (run.stopped) break;
  }
  return runs;
}
