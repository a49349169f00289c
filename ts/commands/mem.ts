import type { Argv } from 'yargs';

import { DEFAULT_COPIES, runMem } from '../measure/run.js';
import { MEM_FLAGS, namingFlags } from './flags.js';
import { commonOptions, sizesOption, withCommon, withSizes } from './options.js';
import { reportRuns, single } from './report-run.js';

export function registerMem<T>(y: Argv<T>) {
  return y.command(
    'mem',
    'memcpy between aligned, pre-faulted buffers (thesis 0:0:1)',
    (c) =>
      withSizes(withCommon(c)).option('iterations', {
        type: 'number',
        requiresArg: true,
        describe: `memcpy calls per repetition [default: ${DEFAULT_COPIES}]`,
      }),
    namingFlags(
      (args) =>
        reportRuns(
          'mem',
          args,
          single((hooks) => runMem({ ...commonOptions(args), sizes: sizesOption(args.sizes), copies: args.iterations, ...hooks })),
        ),
      MEM_FLAGS,
    ),
  );
}
