import { defineCommand } from './define.js';

import { DEFAULT_COPIES, memMix, planMix } from '../measure/plan.js';
import { MEM_FLAGS, namingFlags } from './flags.js';
import { commonOptions, sizesOption, withCommon, withSizes } from './options.js';
import { reportRuns } from './report-run.js';

export function command() {
  return defineCommand(
    (c) =>
      withSizes(withCommon(c)).option('iterations', {
        type: 'number',
        requiresArg: true,
        describe: `memcpy calls per repetition [default: ${DEFAULT_COPIES}]`,
      }),
    namingFlags(
      (args) =>
        reportRuns('mem', args, () => [
          planMix(memMix({ ...commonOptions(args), sizes: sizesOption(args.sizes), copies: args.iterations })),
        ]),
      MEM_FLAGS,
    ),
  );
}
