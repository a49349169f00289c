// Every command: its name, its description and the module that does it. `mintbench`, `--help` and
// the completion of command names read this table alone; a command's module (and what it imports:
// the addon, zod, simple-statistics, vega) is loaded only when that command runs or shows its help.
import type { CommandBody } from './define.js';

export const COMMAND_GROUPS = ['measure', 'compare', 'configurations', 'machine', 'sync'] as const;

export interface CommandEntry {
  /** As yargs takes it: the name, then its positionals. */
  command: string;
  /** As the overview lists it, when not `command` (config and guest: their subcommand). */
  listed?: string;
  /** One line for the overview. */
  summary: string;
  /** The whole description, at the top of the command's own --help. */
  describe: string;
  group: (typeof COMMAND_GROUPS)[number];
  load(): Promise<CommandBody>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    command: 'suite',
    summary: "the thesis's evaluation: cpu, mem and io at each size",
    describe: "the thesis's evaluation (fig. 5.2): CPU 0:1:0, memory 0:0:1 and I/O 1:0:0 at each size, into one result file",
    group: 'measure',
    load: async () => (await import('./suite.js')).command(),
  },
  {
    command: 'cpu',
    summary: 'register-increment loop',
    describe: 'register-increment loop (thesis L:M:N = 0:1:0)',
    group: 'measure',
    load: async () => (await import('./cpu.js')).command(),
  },
  {
    command: 'mem',
    summary: 'memcpy between aligned, pre-faulted buffers',
    describe: 'memcpy between aligned, pre-faulted buffers (thesis 0:0:1)',
    group: 'measure',
    load: async () => (await import('./mem.js')).command(),
  },
  {
    command: 'io',
    summary: 'random reads of a raw device or file, read-only',
    describe: 'random lseek()+read() on a raw device or file, read-only (thesis 1:0:0)',
    group: 'measure',
    load: async () => (await import('./io.js')).command(),
  },
  {
    command: 'mix',
    summary: 'reads, increments and copies in a ratio L:M:N, timed as one',
    describe: 'the combined program: each repetition does L × reads, M × increments and N × copies, in sequence, timed as one',
    group: 'measure',
    load: async () => (await import('./mix.js')).command(),
  },
  {
    command: 'campaign',
    summary: 'compare configurations by interleaved rounds of runs',
    describe: 'compare configurations by interleaved rounds: each round runs every arm once, in a fresh random order; then the comparison',
    group: 'compare',
    load: async () => (await import('./campaign.js')).command(),
  },
  {
    command: 'compare [paths..]',
    summary: 'ratios to a baseline per workload and size, with verdicts',
    describe:
      "ratios of every configuration's mean time to the baseline's, per workload and size, with verdicts, beside what the thesis reported",
    group: 'compare',
    load: async () => (await import('./compare.js')).command(),
  },
  {
    command: 'report [paths..]',
    summary: 'one page to share: machines, comparison, figures',
    describe:
      'one page to read and share: machines, warnings, the comparison, the overhead chart and the figures (index.html, report.md, SVG and PNG)',
    group: 'compare',
    load: async () => (await import('./report.js')).command(),
  },
  {
    command: 'plot [paths..]',
    summary: "the thesis's figures: mean times with 95 % intervals",
    describe:
      "the thesis's figures (6.1 CPU, 6.2 memory, 6.3 I/O): each configuration's mean time per repetition with its 95 % interval, one file per workload",
    group: 'compare',
    load: async () => (await import('./plot.js')).command(),
  },
  {
    command: 'export [paths..]',
    summary: 'every measured repetition as one CSV row',
    describe: 'every measured repetition as one CSV row (RFC 4180, header row, units in column names)',
    group: 'compare',
    load: async () => (await import('./export.js')).command(),
  },
  {
    command: 'configs',
    summary: "list the thesis's seven configurations",
    describe: "list the thesis's seven configurations (table 5.1), the ids --config takes",
    group: 'configurations',
    load: async () => (await import('./configs.js')).command(),
  },
  {
    command: 'config',
    listed: 'config run <id>',
    summary: 'run configuration 1-7 here: pinned processes or KVM guests',
    describe: "run one of the thesis's seven configurations from this host",
    group: 'configurations',
    load: async () => (await import('./config.js')).command(),
  },
  {
    command: 'reproduce',
    summary: "configurations 1-7 in rounds, then the thesis's comparisons",
    describe:
      "the thesis's evaluation: configurations 1-7 in interleaved rounds (each a config run), then the thesis's comparisons and each concurrent instance against its solo run; -- COMMAND (default suite) is what every instance runs",
    group: 'configurations',
    load: async () => (await import('./reproduce.js')).command(),
  },
  {
    command: 'guest',
    listed: 'guest build',
    summary: 'make the guest boot kit that config run 4-7 boots',
    describe: 'the guest boot kit that config run 4-7 boots',
    group: 'configurations',
    load: async () => (await import('./guest.js')).command(),
  },
  {
    command: 'info',
    summary: 'describe this machine, and what would skew its numbers',
    describe: 'describe this machine (CPU, OS, hypervisor, TSC, disk target) and warn about what would make numbers untrustworthy',
    group: 'machine',
    load: async () => (await import('./info.js')).command(),
  },
  {
    command: 'barrier',
    summary: 'serve a start barrier for runs started with --sync',
    describe: 'serve a start barrier for runs started with --sync HOST:PORT: all prepare, then all start together',
    group: 'sync',
    load: async () => (await import('./barrier.js')).command(),
  },
];

/** The command's name: the first word of its yargs form. */
export function commandName(entry: CommandEntry): string {
  return entry.command.split(' ')[0] ?? entry.command;
}

/** The first word of `argv` that names a command: the one yargs will run (the global options take no value). */
export function namedCommand(argv: readonly string[]): CommandEntry | undefined {
  for (const word of argv) {
    const entry = COMMANDS.find((candidate) => commandName(candidate) === word);
    if (entry) return entry;
  }
  return undefined;
}

const GLOBAL_OPTIONS: readonly [string, string][] = [
  ['--help', "this help (mintbench COMMAND --help: a command's options)"],
  ['--version', 'show the version'],
  ['--debug', 'show stack traces on errors'],
];

/** `mintbench` alone and `mintbench --help`: the commands by group, the global options. */
export function overview(): string {
  const width = Math.max(
    ...COMMANDS.map((entry) => (entry.listed ?? entry.command).length),
    ...GLOBAL_OPTIONS.map(([flag]) => flag.length),
  );
  const line = (left: string, right: string): string => `  ${left.padEnd(width)}  ${right}`;
  const lines = [
    'mintbench <command> [options]',
    '',
    'TSC microbenchmarks for comparing machine configurations',
    '(bare metal, partitions, KVM guests).',
  ];
  for (const group of COMMAND_GROUPS) {
    lines.push('', `${group[0]?.toUpperCase() ?? ''}${group.slice(1)}`);
    for (const entry of COMMANDS.filter((candidate) => candidate.group === group))
      lines.push(line(entry.listed ?? entry.command, entry.summary));
  }
  lines.push('', 'Options', ...GLOBAL_OPTIONS.map(([flag, text]) => line(flag, text)));
  lines.push('', 'Shell completion: mintbench completion >> ~/.bashrc (or ~/.zshrc)');
  return `${lines.join('\n')}\n`;
}
