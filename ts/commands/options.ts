// Options shared by the workload commands, and their translation into API options.
import type { Argv } from 'yargs';

import { DEFAULT_REPETITIONS, DEFAULT_SIZES, DEFAULT_WARMUP, type CommonOptions } from '../run.js';
import { formatBytes, parseSizes } from '../units.js';
import { warnBeforeRun } from './warnings.js';

export interface CommonArgs {
  reps: number | undefined;
  warmup: number | undefined;
  cpu: number | undefined;
  json: boolean;
}

export function withCommon<T>(y: Argv<T>) {
  return y
    .option('reps', { type: 'number', requiresArg: true, describe: `measured repetitions per size [default: ${DEFAULT_REPETITIONS}]` })
    .option('warmup', { type: 'number', requiresArg: true, describe: `discarded repetitions before each size [default: ${DEFAULT_WARMUP}]` })
    .option('cpu', { type: 'number', requiresArg: true, describe: 'pin the measuring thread to this CPU' })
    .option('json', { type: 'boolean', default: false, describe: 'print the run as JSON' });
}

export function withSizes<T>(y: Argv<T>) {
  return y.option('sizes', {
    requiresArg: true,
    type: 'string',
    describe: `bytes per copy/read, e.g. 256K,512K,1M or 1MiB [default: ${DEFAULT_SIZES.map(formatBytes).join(',')}]`,
  });
}

export function commonOptions(args: CommonArgs): CommonOptions {
  return { repetitions: args.reps, warmup: args.warmup, cpu: args.cpu, beforeRun: warnBeforeRun };
}

export function sizesOption(text: string | undefined): number[] | undefined {
  return text === undefined ? undefined : parseSizes(text);
}
