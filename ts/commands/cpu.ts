import type { Argv } from 'yargs';

import { cpuMix, DEFAULT_INCREMENTS, planMix } from '../measure/plan.js';
import { namingFlags } from './flags.js';
import { commonOptions, withCommon } from './options.js';
import { reportRuns } from './report-run.js';

export function registerCpu<T>(y: Argv<T>) {
  return y.command(
    'cpu',
    'register-increment loop (thesis L:M:N = 0:1:0)',
    (c) =>
      withCommon(c).option('iterations', {
        type: 'number',
        requiresArg: true,
        describe: `increments per repetition [default: ${DEFAULT_INCREMENTS}]`,
      }),
    namingFlags((args) => reportRuns('cpu', args, () => [planMix(cpuMix({ ...commonOptions(args), iterations: args.iterations }))])),
  );
}
