// Runs workloads from the command line: check where the record will go, plan, describe the machine
// once, run with progress and a clean stop on Ctrl-C or SIGTERM, then print the runs and save the
// result record (also for a stopped run).
import { hideBin } from 'yargs/helpers';

import { expected } from '../base/errors.js';
import { checkOutputDirectory } from '../base/output-checks.js';
import { integer } from '../base/validate.js';
import { campaignFromEnvironment } from '../campaign/contract.js';
import { captureMachine, warningsFor, type CaptureOptions, type MachineInfo } from '../env/index.js';
import type { MixPlan } from '../measure/plan.js';
import { runPlans, type WorkloadRun } from '../measure/run.js';
import { describeConfiguration, resolveConfiguration, type Configuration } from '../results/configs.js';
import { EXIT_INTERRUPTED } from './exit-codes.js';
import { progressLine } from './progress.js';
import { buildRecord } from '../results/record.js';
import { renderRuns, renderSync, sharedTimerLine } from './render-run.js';
import { DEFAULT_RESULTS_DIR } from '../results/store.js';
import { DEFAULT_MARGIN } from '../stats/verdict.js';
import { MAX_ROUNDS, reportCampaign, thisCommandWithout } from './campaign-report.js';
import { RunWarnings } from './run-warnings.js';
import { saveRecord } from './save-record.js';
import { stopOnSignals } from './stop-signals.js';
import { SyncedStart, type SyncArgs, type SyncOutcome } from './synced-start.js';

export interface RecordArgs extends SyncArgs {
  config: string | undefined;
  instance: string | undefined;
  note: string | undefined;
  node: string | undefined;
  out: string | undefined;
  /** Independent runs: more than 1 makes a campaign of this one command. */
  runs: number;
  quiet: boolean;
  json: boolean;
  /** Print every repetition, not only one line per series. */
  perRep?: boolean;
}

/**
 * Checks the output directory, plans the runs (`plan` checks every option and returns one MixPlan
 * per part), describes the machine once, runs the plans, prints the runs (or the record with
 * --json), then saves one result file (saveRecord: elsewhere if that fails after all). A stopped run
 * is saved too, marked interrupted, and exits 130. `capture` describes the machine (tests count its
 * calls). Inside a campaign (contract.ts) the record keeps the run's place in it, and the arm's label
 * and directory apply unless --config and --out say otherwise; with --runs K above 1 this command is
 * run K times as a campaign of its own. With --sync it starts together with other runs (SyncedStart).
 */
export async function reportRuns(
  command: string,
  args: RecordArgs,
  plan: () => MixPlan[],
  capture: (options: CaptureOptions) => Promise<MachineInfo> = captureMachine,
): Promise<void> {
  // Checked before any work, so a bad label, option or output directory costs nothing.
  const campaign = campaignFromEnvironment();
  const configuration: Configuration = resolveConfiguration({ ...args, config: args.config ?? campaign?.arm });
  const out = args.out ?? campaign?.out ?? DEFAULT_RESULTS_DIR;
  checkOutputDirectory('--out', out);
  const repeat = integer('runs', args.runs, 1, MAX_ROUNDS);
  if (repeat > 1 && campaign) throw expected('1 inside a campaign (the campaign makes the runs)', 'runs', repeat);
  if (repeat > 1 && args.json) throw expected('1 with --json (each run writes its own record)', 'runs', repeat);
  if (repeat > 1 && args.sync !== undefined) throw expected('1 with --sync (one run meets the others at the barrier)', 'runs', repeat);
  const joinBarrier = SyncedStart.check(args, configuration.instance);
  const plans = plan();
  if (campaign?.checkOnly) return;
  if (repeat > 1) {
    const label = configuration.label;
    await reportCampaign({
      arms: [{ label, argv: thisCommandWithout(hideBin(process.argv), 'runs') }],
      rounds: repeat,
      out,
      baseline: label,
      margin: DEFAULT_MARGIN,
      format: 'table',
    });
    return;
  }
  const startedAt = new Date().toISOString();
  const { signal, release } = stopOnSignals();
  const progress = progressLine(args.quiet);
  const warnings = new RunWarnings();
  let synced: SyncedStart | undefined;
  let machine: MachineInfo;
  let runs: WorkloadRun[];
  let outcome: SyncOutcome | undefined;
  try {
    try {
      // Joining first: a barrier that is not there costs nothing.
      synced = await joinBarrier?.(signal);
      // Once for all parts: the timer is calibrated once per process, and load sampled once. The disk
      // described is the one the reads go to (the suite's io part).
      const reading = plans.map((entry) => entry.parameters).find((parameters) => parameters.device !== undefined);
      const pinnedCpu = plans[0]?.parameters.cpu;
      machine = await capture({ pinnedCpu, device: reading?.device, direct: reading?.direct, nodeLabel: args.node });
      warnings.report(warningsFor(machine, { pinnedCpu: pinnedCpu ?? null }));
      await synced?.timeProbe(signal);
      runs = await runPlans(plans, {
        onProgress: (event) => {
          progress.update(event.done, event.total, event.workload, event.sizeBytes);
        },
        signal,
        gate: synced?.gate(),
      });
    } finally {
      progress.finish();
      release();
    }
    warnings.afterRuns(runs);
    outcome = await synced?.finish();
    if (outcome) warnings.report(outcome.warnings);
  } catch (error) {
    synced?.abandon(error);
    throw error;
  }
  const interrupted = runs.some((run) => run.stopped);
  const finishedAt = new Date().toISOString();
  const record = buildRecord({
    command,
    startedAt,
    finishedAt,
    configuration,
    machine,
    warnings: warnings.warnings,
    runs,
    interrupted,
    ...(campaign ? { campaign: campaign.place } : {}),
    sync: outcome?.sync,
    launch: outcome?.launch,
  });
  // Printed before saving, so that the numbers are on the screen whatever happens to the file.
  if (args.json) {
    process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  } else {
    const timer = sharedTimerLine(runs);
    const header = [
      `configuration: ${describeConfiguration(configuration)}${configuration.instance ? `, instance ${configuration.instance}` : ''}${configuration.note ? ` (${configuration.note})` : ''}`,
      ...(timer ? [timer] : []),
      ...(record.launch?.emulates ? [`launched as ${record.launch.emulates}`] : []),
      ...(record.sync ? [renderSync(record.sync)] : []),
    ].join('\n');
    process.stdout.write(`${header}\n\n${renderRuns(runs, args.perRep ?? false)}\n\n`);
  }
  let file: string;
  try {
    file = saveRecord(record, out);
  } catch (error) {
    synced?.abandon(error);
    throw error;
  }
  synced?.written(file);
  synced?.close();
  (args.json ? process.stderr : process.stdout).write(`result file: ${file}\n`);
  if (interrupted) process.exitCode = EXIT_INTERRUPTED;
}
