import { defineCommand } from './define.js';

import { expected } from '../base/errors.js';
import { planMix, type MixRatio } from '../measure/plan.js';
import { namingFlags } from './flags.js';
import { mixOptions, withCommon, withDevice, withSizes, withUnits } from './options.js';
import { reportRuns } from './report-run.js';

const RATIO_PATTERN = /^\s*(\d{1,7})\s*:\s*(\d{1,7})\s*:\s*(\d{1,7})\s*$/;

/** "L:M:N" with whole numbers, e.g. "1:2:1". */
function parseRatio(text: string): MixRatio {
  const match = RATIO_PATTERN.exec(text);
  if (!match) throw expected('L:M:N with whole numbers, e.g. 1:2:1', 'ratio', text);
  return { reads: Number(match[1]), increments: Number(match[2]), copies: Number(match[3]) };
}

export function command() {
  return defineCommand(
    (c) =>
      withUnits(withDevice(withSizes(withCommon(c)))).option('ratio', {
        type: 'string',
        requiresArg: true,
        demandOption: true,
        describe:
          'L:M:N multipliers of the unit counts (--reads, --increments, --copies): 0:1:0 is the cpu run, 0:0:1 mem, 1:0:0 io; each size sets both the read and the copy size',
      }),
    namingFlags((args) => reportRuns('mix', args, () => [planMix({ ...mixOptions(args), ratio: parseRatio(args.ratio) })])),
  );
}
