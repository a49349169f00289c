// `mintbench config run ID [-- COMMAND]`: one of the thesis's seven configurations, launched from the
// host: processes pinned to their cores (1-3) or KVM guests (4-7), started together through a
// barrier, each writing an ordinary result file.
import type { Argv } from 'yargs';

import { defineCommand } from './define.js';
import { formatBytes, formatSeconds, parseSize } from '../base/units.js';
import { integer, oneOf, seconds } from '../base/validate.js';
import { ACCEL_CHOICES, DEFAULT_EMULATION_THRESHOLD } from '../launch/accel.js';
import {
  AIO_MODES,
  DEFAULT_GUEST_MEMORY_BYTES,
  DEFAULT_LAUNCH_TIMEOUT_SECONDS,
  runConfiguration,
  type ConfigRunOutcome,
} from '../launch/run.js';
import { CONFIGURATIONS, describeConfiguration, resolveConfiguration } from '../results/configs.js';
import { readRecord } from '../results/store.js';
import { DEFAULT_RESULTS_DIR } from '../results/store.js';
import { namingFlags } from './flags.js';
import { PER_REP, PER_REP_OPTION } from './options.js';
import { recordSeriesViews, renderRepetitions, summaryTable } from './render-run.js';
import { stopOnSignals } from './stop-signals.js';
import { EXIT_INTERRUPTED } from './exit-codes.js';
import { campaignFromEnvironment } from '../campaign/contract.js';
import { checkOutputDirectory } from '../base/output-checks.js';

/** Where an instance's lines start, under its name. */
const INSTANCE_INDENT = '     ';

/**
 * The outcome on stdout: the group's start skew, then per instance its launch, its files and one
 * line per series (with `perRep` every repetition before), as the run itself prints them.
 */
export function renderOutcome(id: number, outcome: ConfigRunOutcome, perRep = false): string {
  const configuration = resolveConfiguration({ config: id });
  const [first] = outcome.instances;
  const skew = first?.start.skewSeconds;
  const lines = [
    `configuration ${describeConfiguration(configuration)}: group ${outcome.group}`,
    `  start skew ${skew === null || skew === undefined ? 'unknown' : formatSeconds(skew)} (${outcome.instances.map(({ plan, start }) => `${plan.name} +${start.offsetSeconds === null ? '?' : formatSeconds(start.offsetSeconds)}`).join(', ')}; ${first?.start.method === 'shared-clock' ? 'one clock' : "the barrier's send times"})`,
  ];
  for (const instance of outcome.instances) {
    const { launch } = instance;
    const guest = launch.guest;
    const how = guest
      ? `guest under ${guest.accelerator.toUpperCase()}${guest.emulated ? ' — EMULATED CPU' : ''}${guest.speedCheck ? ` (CPU loop ${guest.speedCheck.slowdown.toFixed(1)}× the host's time)` : ''}`
      : 'process';
    lines.push(
      '',
      `  ${instance.plan.name}: ${how}, ${launch.cpus.length > 0 ? `CPU ${launch.cpus.join(',')}` : 'not pinned'}, disk ${launch.disk.path}`,
      `     result ${instance.file}`,
      `     log    ${instance.log}`,
    );
    const series = recordSeriesViews(readRecord(instance.file).runs);
    if (perRep) for (const entry of series) lines.push('', ...renderRepetitions(entry, INSTANCE_INDENT));
    if (series.length > 0) lines.push('', ...summaryTable(series, INSTANCE_INDENT));
  }
  return `${lines.join('\n')}\n`;
}

function numberList(name: string, text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((part) => integer(name, /^\d+$/.test(part.trim()) ? Number(part) : part, 0, 65_535));
}

/** The options that say how config run launches its instances; reproduce passes them on to every configuration. */
export function withLaunchOptions<T>(y: Argv<T>) {
  return y
    .option('cores', {
      type: 'string',
      requiresArg: true,
      describe: 'cores a,b of the instances [default: the first CPUs this process may use]',
    })
    .option('disks', {
      type: 'string',
      requiresArg: true,
      describe: 'disks A,B (block devices or files, only ever read) [default: scratch images of random bytes in the cache]',
    })
    .option('memory', {
      type: 'string',
      requiresArg: true,
      describe: `memory per guest [default: ${formatBytes(DEFAULT_GUEST_MEMORY_BYTES)}]`,
    })
    .option('accel', {
      type: 'string',
      requiresArg: true,
      default: 'auto',
      describe: `guest accelerator: ${ACCEL_CHOICES.join(', ')}`,
    })
    .option('aio', {
      type: 'string',
      requiresArg: true,
      default: 'native',
      describe: `QEMU's aio mode for the guest disks: ${AIO_MODES.join(', ')}`,
    })
    .option('timeout', {
      type: 'number',
      requiresArg: true,
      default: DEFAULT_LAUNCH_TIMEOUT_SECONDS,
      describe: 'seconds for every instance to boot, run and write its result; then all are killed',
    })
    .option('emulation-threshold', {
      type: 'number',
      requiresArg: true,
      default: DEFAULT_EMULATION_THRESHOLD,
      describe: 'a guest this many times slower than the host at a CPU loop counts as emulated',
    });
}

/** The flags each launch option is typed as, for messages. */
export const LAUNCH_FLAGS = {
  cores: '--cores',
  disks: '--disks',
  memory: '--memory',
  accel: '--accel',
  aio: '--aio',
  timeout: '--timeout',
  'emulation-threshold': '--emulation-threshold',
} as const;

/** The launch options as parsed, as the words of a config run command line (those that were given or have defaults). */
export function launchWords(args: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(LAUNCH_FLAGS).flatMap(([name, flag]) => {
    const value = args[name];
    return typeof value === 'string' || typeof value === 'number' ? [flag, String(value)] : [];
  });
}

export function command() {
  return defineCommand((c) =>
    c
      .command(
        'run <id>',
        'run configuration ID (1-7): processes pinned to their cores (1-3) or KVM guests (4-7), started together; -- COMMAND (default suite) is what each runs',
        (r) =>
          withLaunchOptions(r)
            .positional('id', {
              type: 'string',
              describe: `configuration: ${CONFIGURATIONS.map((entry) => entry.id).join(', ')} (see mintbench configs)`,
            })
            .option('out', {
              type: 'string',
              requiresArg: true,
              describe: `directory for the result files and logs [default: ${DEFAULT_RESULTS_DIR}, or the campaign's]`,
            })
            .option(PER_REP, PER_REP_OPTION),
        namingFlags(
          async (args) => {
            const id = integer('configuration', /^\d+$/.test(String(args.id)) ? Number(args.id) : args.id, 1, CONFIGURATIONS.length);
            const command = ((args as { '--'?: unknown[] })['--'] ?? []).map(String);
            // As an arm of a campaign, it takes the campaign's directory and passes its place on to every instance.
            const campaign = campaignFromEnvironment();
            const out = args.out ?? campaign?.out ?? DEFAULT_RESULTS_DIR;
            checkOutputDirectory('--out', out);
            const { signal, release } = stopOnSignals('every instance is stopped');
            try {
              const outcome = await runConfiguration({
                id,
                cores: numberList('cores', args.cores),
                disks: args.disks?.split(','),
                memoryBytes: args.memory === undefined ? undefined : parseSize(args.memory, 'memory'),
                accel: oneOf('accel', args.accel, ACCEL_CHOICES),
                aio: oneOf('aio', args.aio, AIO_MODES),
                timeoutSeconds: seconds('timeout', args.timeout, 7 * 86_400),
                emulationThreshold: seconds('emulation-threshold', args.emulationThreshold, 1e9),
                command,
                out,
                log: (text) => process.stderr.write(`config run ${id}: ${text}\n`),
                signal,
                checkOnly: campaign?.checkOnly ?? false,
              });
              if (outcome) process.stdout.write(renderOutcome(id, outcome, args.perRep));
            } catch (error) {
              if (!signal.aborted) throw error;
              process.stderr.write(`mintbench: config run ${id} was stopped; every instance was killed\n`);
              process.exitCode = EXIT_INTERRUPTED;
            } finally {
              release();
            }
          },
          { configuration: 'ID', ...LAUNCH_FLAGS },
        ),
      )
      .demandCommand(1, 'Name a config command: run'),
  );
}
