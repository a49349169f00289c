// `mintbench reproduce`: the thesis's whole evaluation with one command. Configurations 1-7, each a
// `config run`, as an interleaved campaign (a fresh counterbalanced order every round), then the
// thesis's comparisons and the concurrent instances against their solo runs.
import { defineCommand } from './define.js';

import { integer, oneOf, seconds } from '../base/validate.js';
import { compareLabels } from '../compare/compare.js';
import { reproductionTables } from '../compare/reproduction.js';
import { checkCommand } from '../launch/command.js';
import { CONFIGURATIONS, DEFAULT_SOLO } from '../results/configs.js';
import { loadReference } from '../results/reference.js';
import type { LoadedRecord } from '../results/store.js';
import { DEFAULT_RESULTS_DIR } from '../results/store.js';
import { DEFAULT_ROUNDS } from './campaign.js';
import { CLI_PATH } from '../base/version.js';
import { MAX_ROUNDS, reportCampaign } from './campaign-report.js';
import { printComparison } from './compare.js';
import { TERMINAL_COLUMNS } from '../output/compare-format.js';
import { wrapToWidth } from '../output/text-width.js';
import { launchWords, LAUNCH_FLAGS, withLaunchOptions } from './config.js';
import { namingFlags } from './flags.js';
import { marginOption, tableView, withComparison, type TableView } from './options.js';

/** Formats whose tables can follow one another on stdout; csv and json come from `compare` on the same files. */
const REPRODUCE_FORMATS = ['table', 'markdown'] as const;

/** Prints every reproduction table whose baseline ran; says which could not be made. */
export function printReproduction(
  records: readonly LoadedRecord[],
  margin: number,
  format: (typeof REPRODUCE_FORMATS)[number],
  view?: TableView,
): void {
  const labels = new Set(records.map(({ record }) => record.configuration.label));
  const emulated = [
    ...new Set(
      records
        .filter(({ record }) => record.machine.virtualization.emulated || record.launch?.guest?.emulated === true)
        .map(({ record }) => record.configuration.label),
    ),
  ].sort(compareLabels);
  if (emulated.length > 0) {
    const warning =
      `WARNING: ${emulated.join(', ')} ran on an EMULATED CPU (QEMU TCG, or a /dev/kvm without hardware virtualization): ` +
      'their times measure the emulator, and no ratio against them says anything about KVM';
    process.stdout.write(`${wrapToWidth(warning, TERMINAL_COLUMNS, '  ').join('\n')}\n`);
  }
  for (const { baseline, configs, purpose } of reproductionTables(loadReference())) {
    const present = configs.filter((config) => labels.has(config));
    if (!labels.has(baseline) || present.length === 0) {
      process.stderr.write(`reproduce: no comparison of ${configs.join(', ')} against ${baseline}: not all of them ran\n`);
      continue;
    }
    const shown = new Set([baseline, ...present]);
    process.stdout.write(`\n${format === 'markdown' ? '### ' : '== '}${present.join(', ')} against ${baseline}: ${purpose}\n\n`);
    // Interference only where the table holds the solo run too (in "7 against 6" neither 4 nor 5 is there).
    const solo = Object.fromEntries(
      Object.entries(DEFAULT_SOLO).filter(([concurrent, alone]) => shown.has(concurrent) && shown.has(alone)),
    );
    printComparison(
      records.filter(({ record }) => shown.has(record.configuration.label)),
      baseline,
      margin,
      format,
      { solo, ...(view ? { view } : {}) },
    );
  }
}

export function command() {
  return defineCommand(
    (c) =>
      withLaunchOptions(withComparison(c))
        .option('format', {
          type: 'string',
          requiresArg: true,
          default: 'table',
          describe: `output format: ${REPRODUCE_FORMATS.join(', ')} (csv and json: mintbench compare on the same files)`,
        })
        .option('rounds', {
          type: 'number',
          requiresArg: true,
          default: DEFAULT_ROUNDS,
          describe: 'rounds: runs of each configuration, in a fresh order each round',
        })
        .option('out', {
          type: 'string',
          requiresArg: true,
          default: DEFAULT_RESULTS_DIR,
          describe: 'directory for every result file and log',
        }),
    namingFlags(
      async (args) => {
        const format = oneOf('format', args.format, REPRODUCE_FORMATS);
        const command = checkCommand(((args as { '--'?: unknown[] })['--'] ?? []).map(String));
        const launch = launchWords(args);
        const arms = CONFIGURATIONS.map(({ id }) => ({
          label: String(id),
          argv: [process.execPath, CLI_PATH, 'config', 'run', String(id), ...launch, '--', ...command],
        }));
        const margin = marginOption(args.margin);
        const view = tableView(args);
        await reportCampaign({
          arms,
          rounds: integer('rounds', args.rounds, 1, MAX_ROUNDS),
          // Each run's own --timeout, and as long again for the guest kit and the checks before it starts.
          runTimeoutSeconds: 2 * seconds('timeout', args.timeout, 7 * 86_400),
          out: args.out,
          baseline: '1',
          margin,
          format,
          print: (records) => {
            printReproduction(records, margin, format, view);
          },
        });
      },
      { ...LAUNCH_FLAGS, COMMAND: 'COMMAND' },
    ),
  );
}
