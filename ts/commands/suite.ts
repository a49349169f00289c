import type { Argv } from 'yargs';

import { planSuite } from '../measure/suite.js';
import { namingFlags } from './flags.js';
import { mixOptions, withCommon, withDevice, withSizes, withUnits } from './options.js';
import { reportRuns } from './report-run.js';

export function registerSuite<T>(y: Argv<T>) {
  return y.command(
    'suite',
    "the thesis's evaluation (fig. 5.2): CPU 0:1:0, memory 0:0:1 and I/O 1:0:0 at each size, into one result file",
    (c) => withUnits(withDevice(withSizes(withCommon(c)))),
    namingFlags((args) => reportRuns('suite', args, () => planSuite(mixOptions(args)))),
  );
}
