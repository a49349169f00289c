#!/usr/bin/env node
// The command line: parse, call the library, print. Every error ends here, in main().
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';

import { UsageError } from './errors.js';
import { loadAddon } from './native.js';
import { renderRun } from './report.js';
import {
  DEFAULT_COPIES,
  DEFAULT_INCREMENTS,
  DEFAULT_READS,
  DEFAULT_REPETITIONS,
  DEFAULT_SEED,
  DEFAULT_SIZES,
  DEFAULT_WARMUP,
  runCpu,
  runIo,
  runMem,
  type CommonOptions,
  type WorkloadRun,
} from './run.js';
import { formatBytes, parseSizes } from './units.js';

const EXIT_RUNTIME = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

interface CommonArgs {
  reps?: number;
  warmup?: number;
  cpu?: number;
  json: boolean;
  debug: boolean;
}

function withCommon<T>(y: Argv<T>) {
  return y
    .option('reps', { type: 'number', describe: `measured repetitions per size [default: ${DEFAULT_REPETITIONS}]` })
    .option('warmup', { type: 'number', describe: `discarded repetitions before each size [default: ${DEFAULT_WARMUP}]` })
    .option('cpu', { type: 'number', describe: 'pin the measuring thread to this CPU' })
    .option('json', { type: 'boolean', default: false, describe: 'print the run as JSON' });
}

function withSizes<T>(y: Argv<T>) {
  return y.option('sizes', { type: 'string', describe: `bytes per copy/read, e.g. 256K,512K,1M or 1MiB [default: ${DEFAULT_SIZES.map(formatBytes).join(',')}]` });
}

function common(args: CommonArgs): CommonOptions {
  return { repetitions: args.reps, warmup: args.warmup, cpu: args.cpu };
}

/** Ctrl-C or SIGTERM: the addon finishes its current repetition, then the run returns what it has. */
function stopOnSignals(): () => void {
  let signalled = false;
  const onSignal = (): void => {
    if (signalled) process.exit(EXIT_INTERRUPTED);
    signalled = true;
    process.stderr.write('\nmintbench: stopping after the current repetition (press again to quit now)\n');
    loadAddon().requestStop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

async function report(args: CommonArgs, start: () => Promise<WorkloadRun>): Promise<void> {
  const release = stopOnSignals();
  try {
    const run = await start();
    process.stdout.write(args.json ? `${JSON.stringify(run, null, 2)}\n` : `${renderRun(run)}\n`);
    if (run.stopped) process.exitCode = EXIT_INTERRUPTED;
  } finally {
    release();
  }
}

export async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('mintbench')
    .usage('$0 <command> [options]\n\nTSC microbenchmarks for comparing machine configurations (bare metal, partitions, KVM guests).')
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces on errors' })
    .command(
      'cpu',
      'register-increment loop (thesis L:M:N = 0:1:0)',
      (y) => withCommon(y).option('iterations', { type: 'number', describe: `increments per repetition [default: ${DEFAULT_INCREMENTS}]` }),
      (args) =>
        report(args, () => runCpu({ ...common(args), iterations: args.iterations })),
    )
    .command(
      'mem',
      'memcpy between aligned, pre-faulted buffers (thesis 0:0:1)',
      (y) => withSizes(withCommon(y)).option('iterations', { type: 'number', describe: `memcpy calls per repetition [default: ${DEFAULT_COPIES}]` }),
      (args) =>
        report(args, () =>
          runMem({
            ...common(args),
            sizes: args.sizes === undefined ? undefined : parseSizes(args.sizes),
            copies: args.iterations,
          }),
        ),
    )
    .command(
      'io',
      'random lseek()+read() on a raw device or file, read-only (thesis 1:0:0)',
      (y) =>
        withSizes(withCommon(y))
          .option('iterations', { type: 'number', describe: `reads per repetition [default: ${DEFAULT_READS}]` })
          .option('device', { type: 'string', describe: 'block device or file to read [default: a 512 MiB scratch file]' })
          .option('seed', { type: 'number', describe: `seed of the random offsets [default: ${DEFAULT_SEED}]` })
          .option('buffered', { type: 'boolean', default: false, describe: 'read through the page cache (no O_DIRECT)' }),
      (args) =>
        report(args, () =>
          runIo({
            ...common(args),
            sizes: args.sizes === undefined ? undefined : parseSizes(args.sizes),
            reads: args.iterations,
            device: args.device,
            seed: args.seed,
            buffered: args.buffered,
          }),
        ),
    )
    .demandCommand(1, 'Name a command: cpu, mem or io')
    .strict()
    // yargs passes its own complaint as `message`, or a handler's error as `error`.
    .fail((message: string | null, error: Error | null) => {
      throw error ?? new UsageError(`${message ?? 'Invalid arguments'} (see mintbench --help)`);
    })
    .help()
    .parseAsync();
}

main(hideBin(process.argv)).catch((error: unknown) => {
  const debug = process.argv.includes('--debug');
  const usage = error instanceof UsageError;
  process.stderr.write(`mintbench: ${error instanceof Error ? (debug ? error.stack : error.message) : String(error)}\n`);
  process.exitCode = usage ? EXIT_USAGE : EXIT_RUNTIME;
});
