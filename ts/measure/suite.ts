// The thesis's evaluation (figure 5.2): the CPU mix 0:1:0, the memory mix 0:0:1 and the I/O mix
// 1:0:0 at each size, one after the other, through the one mix path.
import { planMix, type MixPlan, type MixPlanOptions, type MixRatio } from './plan.js';
import { runPlans, type RunHooks, type WorkloadRun } from './run.js';

type SuitePlanOptions = Omit<MixPlanOptions, 'ratio'>;
export type SuiteOptions = SuitePlanOptions & RunHooks;

/** The parts of the evaluation, in the order they run. */
export const SUITE_RATIOS: readonly MixRatio[] = [
  { reads: 0, increments: 1, copies: 0 },
  { reads: 0, increments: 0, copies: 1 },
  { reads: 1, increments: 0, copies: 0 },
];

/** Every part of the evaluation, planned: each part's options are checked before any part runs. */
export function planSuite(options: SuitePlanOptions = {}): MixPlan[] {
  return SUITE_RATIOS.map((ratio) => planMix({ ...options, ratio }));
}

/**
 * Runs every part of the evaluation and returns one WorkloadRun per part; after `signal` aborts it
 * returns the parts run so far (the last one marked stopped). `onProgress` counts over the whole suite.
 */
export async function runSuite(options: SuiteOptions = {}): Promise<WorkloadRun[]> {
  return runPlans(planSuite(options), options);
}
