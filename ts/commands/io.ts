import { defineCommand } from './define.js';

import { DEFAULT_READS, ioMix, planMix } from '../measure/plan.js';
import { IO_FLAGS, namingFlags } from './flags.js';
import { commonOptions, sizesOption, withCommon, withDevice, withSizes } from './options.js';
import { reportRuns } from './report-run.js';

export function command() {
  return defineCommand(
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
