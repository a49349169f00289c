#!/usr/bin/env node
// The command line: parse, call the library, print. Every error ends here, in one place.
// Only what every start needs is imported here: `mintbench`, --help and --version answer from the
// command table without loading yargs (half of a start-up) or any command; a command's module
// comes in when it runs.
import { UsageError } from './base/errors.js';
import { MINTBENCH_VERSION } from './base/version.js';
import type { CommandBody } from './commands/define.js';
import { EXIT_RUNTIME, EXIT_USAGE } from './commands/exit-codes.js';
import { commandName, COMMANDS, namedCommand, overview, type CommandEntry } from './commands/table.js';

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

/** The options a command line without a command may have and still be answered from the table (--help: any). */
const TABLE_OPTIONS = new Set(['--help', '--version', '--debug']);

/** A command's options and action, from its module once it is loaded: at once when preloaded, else when yargs asks. */
function lazyCommand(entry: CommandEntry, preloaded: CommandBody | undefined) {
  let body = preloaded;
  const load = async (): Promise<CommandBody> => (body ??= await entry.load());
  return {
    // yargs takes a builder's promise too, but its completion of options wants the options at once.
    builder: (y: Parameters<CommandBody['builder']>[0]) => (body ? body.builder(y) : load().then((loaded) => loaded.builder(y))),
    handler: async (args: Parameters<NonNullable<CommandBody['handler']>>[0]) => {
      await (await load()).handler?.(args);
    },
  };
}

export async function main(argv: string[]): Promise<void> {
  // --help without a command wins over any other option, as in yargs.
  if (argv.includes('--help') && argv.every((arg) => arg.startsWith('-'))) {
    process.stdout.write(overview());
    return;
  }
  if (argv.every((arg) => TABLE_OPTIONS.has(arg))) {
    if (argv.includes('--version')) process.stdout.write(`${MINTBENCH_VERSION}\n`);
    else {
      // No command: the overview, as a usage error.
      process.stderr.write(overview());
      process.exitCode = EXIT_USAGE;
    }
    return;
  }
  const named = namedCommand(argv);
  const [{ default: yargs }, preloaded] = await Promise.all([import('yargs'), named?.load()]);
  let y = yargs(argv)
    .scriptName('mintbench')
    .usage('$0 <command> [options]\n\nTSC microbenchmarks for comparing machine configurations (bare metal, partitions, KVM guests).')
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces on errors' })
    // config run takes the command its instances run after `--`.
    .parserConfiguration({ 'populate--': true });
  for (const entry of COMMANDS) {
    const { builder, handler } = lazyCommand(entry, entry === named ? preloaded : undefined);
    y = y.command(entry.command, entry.describe, builder, handler);
  }
  await y
    .completion('completion', 'print the bash or zsh completion script (mintbench completion >> ~/.bashrc)')
    .demandCommand(1, `Name a command: ${COMMANDS.map(commandName).join(', ')} or completion`)
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

main(process.argv.slice(2)).catch((error: unknown) => {
  const debug = process.argv.includes('--debug');
  process.stderr.write(`mintbench: ${error instanceof Error ? (debug ? error.stack : error.message) : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? EXIT_USAGE : EXIT_RUNTIME;
});
