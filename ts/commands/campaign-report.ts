// Runs a campaign from the command line (`campaign`, and a run command's --runs K): checks the output
// directory and every arm, runs the rounds with a line per run on stderr, then prints the comparison of
// the runs it made. A stop (Ctrl-C, SIGTERM) ends the run under way cleanly and keeps every result file.
import path from 'node:path';

import { UsageError } from '../base/errors.js';
import { CLI_PATH } from '../base/version.js';
import {
  checkArms,
  DEFAULT_RUN_TIMEOUT_SECONDS,
  newCampaignId,
  runCampaign,
  type CampaignArm,
  type CampaignEvent,
} from '../campaign/campaign.js';
import { openFleet, type Fleet, type RemoteArm } from '../campaign/fleet.js';
import type { CompareFormat } from '../output/compare-format.js';
import { loadRecords, type LoadedRecord } from '../results/store.js';
import { printComparison } from './compare.js';
import { EXIT_INTERRUPTED, EXIT_RUNTIME } from './exit-codes.js';
import type { TableView } from './options.js';
import { checkOutputDirectory } from '../base/output-checks.js';
import { stopOnSignals } from './stop-signals.js';

/** Rounds (or --runs) at most: a campaign of a default suite per run this long lasts days. */
export const MAX_ROUNDS = 10_000;

/** This program's command line, for a child, without option `name` (`--name V` or `--name=V`). */
export function thisCommandWithout(argv: readonly string[], name: string): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i] ?? '';
    if (word === `--${name}`) i += 1;
    else if (!word.startsWith(`--${name}=`)) kept.push(word);
  }
  return [process.execPath, CLI_PATH, ...kept];
}

export interface CampaignReportOptions {
  /** Arms here, and arms on other hosts (LABEL@HOST), in the order given. */
  arms: (CampaignArm | RemoteArm)[];
  /** An ssh_config file for every ssh call to the hosts (ssh -F). */
  sshConfig?: string;
  rounds: number;
  /** Directory every run writes its result file to. */
  out: string;
  baseline: string;
  margin: number;
  format: CompareFormat;
  /** csv text as stored (--csv-raw). */
  csvRaw?: boolean;
  /** --wide and --env (default: the table that fits a terminal). */
  view?: TableView;
  /** A run still going after this long is stopped and fails the campaign (default DEFAULT_RUN_TIMEOUT_SECONDS). */
  runTimeoutSeconds?: number;
  /** Prints what the campaign's runs show (default: their comparison against the baseline). */
  print?: (records: readonly LoadedRecord[]) => void;
}

function describeEvent(id: string, rounds: number, arms: number, event: CampaignEvent): string {
  const where = `campaign ${id}: round ${event.round}/${rounds}, run ${event.position}/${arms}: ${event.label}`;
  if (event.kind === 'start') return `${where} ...\n`;
  const how = event.exitCode === 0 ? 'done' : event.signal ? `ended by ${event.signal}` : `exit code ${event.exitCode}`;
  return `${where} ${how} in ${event.seconds.toFixed(1)} s\n`;
}

export async function reportCampaign(options: CampaignReportOptions): Promise<void> {
  checkOutputDirectory('--out', options.out);
  // Absolute, so that an arm running elsewhere (another directory, a guest's shared mount) can map it.
  const out = path.resolve(options.out);
  const id = newCampaignId();
  const remote = options.arms.filter((arm): arm is RemoteArm => 'target' in arm);
  const fleet =
    remote.length === 0
      ? undefined
      : await openFleet(remote, { id, ...(options.sshConfig === undefined ? {} : { sshConfig: options.sshConfig }) });
  try {
    await checkAndRun(options, out, id, fleet);
  } finally {
    await fleet?.close();
  }
}

/** The local arms checked, then the rounds run, the comparison printed; `fleet` gives the remote arms, checked already. */
async function checkAndRun(options: CampaignReportOptions, out: string, id: string, fleet: Fleet | undefined): Promise<void> {
  const runTimeoutSeconds = options.runTimeoutSeconds ?? DEFAULT_RUN_TIMEOUT_SECONDS;
  const local = options.arms.filter((arm): arm is CampaignArm => !('target' in arm));
  const failed = await checkArms({ arms: local, out, id, runTimeoutSeconds });
  if (failed.length > 0) {
    throw new UsageError(`Expected arms whose options check out but received ${failed.join(', ')} (see above); nothing was run`);
  }
  const remoteArms = new Map((fleet?.arms ?? []).map((arm) => [arm.label, arm]));
  const arms = options.arms.map((arm) => ('target' in arm ? (remoteArms.get(arm.label) as CampaignArm) : arm));
  const { signal, release } = stopOnSignals('the run under way writes what it completed, no further run starts');
  let outcome;
  try {
    outcome = await runCampaign({
      id,
      arms,
      rounds: options.rounds,
      out,
      runTimeoutSeconds,
      signal,
      onRun: (event) => process.stderr.write(describeEvent(id, options.rounds, options.arms.length, event)),
    });
  } finally {
    release();
  }
  const records = loadRecords([out], { keep: (record) => record.campaign?.id === id }).records;
  const completed = outcome.runs.filter((run) => run.exitCode === 0).length;
  process.stderr.write(
    `campaign ${id}: ${completed} of ${options.rounds * options.arms.length} runs completed, result files in ${options.out}` +
      ` (again: mintbench compare ${options.out} --campaign ${id} --baseline ${options.baseline} --pair-by workload,size)\n`,
  );
  if (options.print) options.print(records);
  else if (records.some(({ record }) => record.configuration.label === options.baseline)) {
    // The arms are the user's A/B: their rows meet by workload and size, whatever parameters they differ in.
    printComparison(records, options.baseline, options.margin, options.format, {
      pairBy: 'workload-size',
      csvRaw: options.csvRaw ?? false,
      ...(options.view ? { view: options.view } : {}),
    });
  } else {
    process.stderr.write(`campaign ${id}: no result of ${options.baseline} to compare against\n`);
  }
  if (outcome.stopped) {
    process.stderr.write(`campaign ${id}: stopped; every completed run is kept\n`);
    process.exitCode = EXIT_INTERRUPTED;
  } else if (outcome.failed) {
    const { label, round, exitCode, signal: ended, timedOut } = outcome.failed;
    const why = timedOut ? `still going after ${runTimeoutSeconds} s, stopped` : (ended ?? `exit code ${exitCode}`);
    process.stderr.write(`campaign ${id}: the run of ${label} in round ${round} failed (${why}); no further run started\n`);
    process.exitCode = EXIT_RUNTIME;
  }
}
