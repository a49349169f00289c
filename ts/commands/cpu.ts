import { defineCommand } from './define.js';

import { cpuMix, DEFAULT_INCREMENTS, planMix } from '../measure/plan.js';
import { namingFlags } from './flags.js';
import { commonOptions, withCommon } from './options.js';
import { reportRuns } from './report-run.js';

export function command() {
  return defineCommand(
    (c) =>
      withCommon(c).option('iterations', {
        type: 'number',
        requiresArg: true,
        describe: `increments per repetition [default: ${DEFAULT_INCREMENTS}]`,
      }),
    namingFlags((args) => reportRuns('cpu', args, () => [planMix(cpuMix({ ...commonOptions(args), iterations: args.iterations }))])),
  );
}
