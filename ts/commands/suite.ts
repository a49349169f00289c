import { defineCommand } from './define.js';

import { planSuite } from '../measure/suite.js';
import { namingFlags } from './flags.js';
import { mixOptions, withCommon, withDevice, withSizes, withUnits } from './options.js';
import { reportRuns } from './report-run.js';

export function command() {
  return defineCommand(
    (c) => withUnits(withDevice(withSizes(withCommon(c)))),
    namingFlags((args) => reportRuns('suite', args, () => planSuite(mixOptions(args)))),
  );
}
