#!/usr/bin/env node
// The command line: parse, call the library, print. Every error ends here, in one place.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

import { registerBarrier } from './commands/barrier.js';
import { registerCampaign } from './commands/campaign.js';
import { registerCompare } from './commands/compare.js';
import { registerConfig } from './commands/config.js';
import { registerConfigs } from './commands/configs.js';
import { registerCpu } from './commands/cpu.js';
import { registerExport } from './commands/export.js';
import { registerGuest } from './commands/guest.js';
import { registerInfo } from './commands/info.js';
import { registerIo } from './commands/io.js';
import { registerMem } from './commands/mem.js';
import { registerMix } from './commands/mix.js';
import { registerPlot } from './commands/plot.js';
import { registerReport } from './commands/report.js';
import { registerReproduce } from './commands/reproduce.js';
import { registerSuite } from './commands/suite.js';
import { UsageError } from './base/errors.js';
import { MINTBENCH_VERSION } from './base/version.js';
import { EXIT_RUNTIME, EXIT_USAGE } from './commands/exit-codes.js';

// yargs's own complaints in the shape of every other usage error. Plural messages take
// { one, other }, which @types/yargs (written for yargs 17) does not declare.
const YARGS_MESSAGES = {
  'Unknown command: %s': {
    one: 'Expected a command for command but received %s',
    other: 'Expected one command for command but received %s',
  },
  'Unknown argument: %s': {
    one: 'Expected a known option for options but received %s',
    other: 'Expected known options for options but received %s',
  },
  'Not enough arguments following: %s': 'Expected a value for --%s but received none',
  'Missing required argument: %s': {
    one: 'Expected a value for --%s but received none',
    other: 'Expected values for --%s but received none',
  },
} as unknown as Record<string, string>;

export async function main(argv: string[]): Promise<void> {
  let y = yargs(argv)
    .scriptName('mintbench')
    .usage('$0 <command> [options]\n\nTSC microbenchmarks for comparing machine configurations (bare metal, partitions, KVM guests).')
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces on errors' })
    // config run takes the command its instances run after `--`.
    .parserConfiguration({ 'populate--': true });
  y = registerSuite(y);
  y = registerCpu(y);
  y = registerMem(y);
  y = registerIo(y);
  y = registerMix(y);
  y = registerCampaign(y);
  y = registerConfigs(y);
  y = registerConfig(y);
  y = registerReproduce(y);
  y = registerCompare(y);
  y = registerExport(y);
  y = registerPlot(y);
  y = registerReport(y);
  y = registerInfo(y);
  y = registerBarrier(y);
  y = registerGuest(y);
  await y
    .demandCommand(
      1,
      'Name a command: suite, cpu, mem, io, mix, campaign, configs, config, reproduce, compare, export, plot, report, info, barrier or guest',
    )
    .strict()
    .strictCommands()
    .updateStrings(YARGS_MESSAGES)
    // yargs passes its own complaint as `message` (or as a YError, for a missing option value), or
    // a handler's error as `error`.
    .fail((message: string | null, error: Error | null) => {
      if (error && error.name !== 'YError') throw error;
      throw new UsageError(`${message ?? error?.message ?? 'Invalid arguments'} (see mintbench --help)`);
    })
    .version(MINTBENCH_VERSION)
    .help()
    .parseAsync();
}

main(hideBin(process.argv)).catch((error: unknown) => {
  const debug = process.argv.includes('--debug');
  process.stderr.write(`mintbench: ${error instanceof Error ? (debug ? error.stack : error.message) : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? EXIT_USAGE : EXIT_RUNTIME;
});
