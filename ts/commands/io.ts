import type { Argv } from 'yargs';

import { DEFAULT_READS, ioMix, planMix } from '../measure/plan.js';
import { IO_FLAGS, namingFlags } from './flags.js';
import { commonOptions, sizesOption, withCommon, withDevice, withSizes } from './options.js';
import { reportRuns } from './report-run.js';

export function registerIo<T>(y: Argv<T>) {
  return y.command(
    'io',
    'random lseek()+read() on a raw device or file, read-only (thesis 1:0:0)',
    (c) =>
      withDevice(withSizes(withCommon(c))).option('iterations', {
        type: 'number',
        requiresArg: true,
        describe: `reads per repetition [default: ${DEFAULT_READS}]`,
      }),
    namingFlags(
      (args) =>
        reportRuns('io', args, () => [
          planMix(
            ioMix({
              ...commonOptions(args),
              sizes: sizesOption(args.sizes),
              reads: args.iterations,
              device: args.device,
              seed: args.seed,
              buffered: args.buffered,
            }),
          ),
        ]),
      IO_FLAGS,
    ),
  );
}
