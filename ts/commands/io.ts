import type { Argv } from 'yargs';

import { DEFAULT_READS, DEFAULT_SEED, runIo } from '../run.js';
import { SCRATCH_BYTES } from '../scratch.js';
import { formatBytes } from '../units.js';
import { commonOptions, sizesOption, withCommon, withSizes } from './options.js';
import { reportRun } from './report-run.js';

export function registerIo<T>(y: Argv<T>) {
  return y.command(
    'io',
    'random lseek()+read() on a raw device or file, read-only (thesis 1:0:0)',
    (c) =>
      withSizes(withCommon(c))
        .option('iterations', { type: 'number', requiresArg: true, describe: `reads per repetition [default: ${DEFAULT_READS}]` })
        .option('device', { type: 'string', requiresArg: true, describe: `block device or file to read [default: a ${formatBytes(SCRATCH_BYTES)} scratch file]` })
        .option('seed', { type: 'number', requiresArg: true, describe: `seed of the random offsets [default: ${DEFAULT_SEED}]` })
        .option('buffered', { type: 'boolean', default: false, describe: 'read through the page cache (no O_DIRECT)' }),
    (args) =>
      reportRun(args.json, () =>
        runIo({
          ...commonOptions(args),
          sizes: sizesOption(args.sizes),
          reads: args.iterations,
          device: args.device,
          seed: args.seed,
          buffered: args.buffered,
        }),
      ),
  );
}
