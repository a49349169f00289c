#!/usr/bin/env node
// The command line: parse, call the library, print. Every error ends here, in one place.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

import { registerCompare } from './commands/compare.js';
import { registerConfigs } from './commands/configs.js';
import { registerCpu } from './commands/cpu.js';
import { registerExport } from './commands/export.js';
import { registerIo } from './commands/io.js';
import { registerMem } from './commands/mem.js';
import { registerMix } from './commands/mix.js';
import { registerSuite } from './commands/suite.js';
import { UsageError } from './errors.js';
import { EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.js';

export async function main(argv: string[]): Promise<void> {
  let y = yargs(argv)
    .scriptName('mintbench')
    .usage('$0 <command> [options]\n\nTSC microbenchmarks for comparing machine configurations (bare metal, partitions, KVM guests).')
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces on errors' });
  y = registerSuite(y);
  y = registerCpu(y);
  y = registerMem(y);
  y = registerIo(y);
  y = registerMix(y);
  y = registerConfigs(y);
  y = registerCompare(y);
  y = registerExport(y);
  await y
    .demandCommand(1, 'Name a command: suite, cpu, mem, io, mix, configs, compare or export')
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
  process.stderr.write(`mintbench: ${error instanceof Error ? (debug ? error.stack : error.message) : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? EXIT_USAGE : EXIT_RUNTIME;
});
