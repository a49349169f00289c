// Runs workloads from the command line: stop cleanly on Ctrl-C or SIGTERM, show progress, then
// write the result record (also for a stopped run) and print.
import { describeConfiguration, resolveConfiguration, type Configuration } from '../results/configs.js';
import { captureEnvironment } from '../env/environment.js';
import { EXIT_INTERRUPTED } from './exit-codes.js';
import { loadAddon } from '../measure/native.js';
import { progressLine } from './progress.js';
import { buildRecord } from '../results/record.js';
import { renderRun, renderSummary } from './render-run.js';
import type { CommonOptions, WorkloadRun } from '../measure/run.js';
import { writeRecord } from '../results/store.js';
import { RunWarnings } from './run-warnings.js';

/**
 * Ctrl-C or SIGTERM aborts the returned signal: the run abandons the repetition under way (within
 * about 100 ms), then returns what it completed. A second signal quits at once.
 */
export function stopOnSignals(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    process.stderr.write('\nmintbench: stopping; the repetition under way is discarded (press again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export interface RecordArgs {
  config: string | undefined;
  instance: string | undefined;
  note: string | undefined;
  node: string | undefined;
  out: string;
  quiet: boolean;
  json: boolean;
}

/** What reportRuns hands the runs it starts: progress, the stop signal, and the warnings before each part. */
export type RunHooks = Required<Pick<CommonOptions, 'onProgress' | 'beforeRun' | 'signal'>>;

/**
 * Runs `start` (one WorkloadRun per part), writes one result file into `args.out` and prints the
 * runs, or the record with --json. A stopped run is written too, marked interrupted, and exits 130.
 */
export async function reportRuns(command: string, args: RecordArgs, start: (hooks: RunHooks) => Promise<WorkloadRun[]>): Promise<void> {
  // Checked before any work, so a bad label costs nothing.
  const configuration: Configuration = resolveConfiguration(args);
  const warnings = new RunWarnings(args.node);
  const { signal, release } = stopOnSignals();
  const progress = progressLine(args.quiet);
  const startedAt = new Date().toISOString();
  let runs: WorkloadRun[];
  try {
    runs = await start({
      onProgress: (event) => {
        progress.update(event.done, event.total, event.workload, event.sizeBytes);
      },
      beforeRun: warnings.beforeRun,
      signal,
    });
  } finally {
    progress.finish();
    release();
  }
  warnings.afterRuns(runs);
  const interrupted = runs.some((run) => run.stopped);
  const timer = runs[0]?.timer ?? (await loadAddon().timer());
  const environment = await captureEnvironment(timer, { machine: warnings.machine, warnings: warnings.warnings });
  const record = buildRecord({ command, startedAt, finishedAt: new Date().toISOString(), configuration, environment, runs, interrupted });
  const file = writeRecord(record, args.out);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    process.stderr.write(`result file: ${file}\n`);
  } else {
    const header = `configuration: ${describeConfiguration(configuration)}${configuration.instance ? `, instance ${configuration.instance}` : ''}${configuration.note ? ` (${configuration.note})` : ''}`;
    // Several parts (the suite): all their statistics once more in one block at the end.
    const overall = runs.length > 1 ? `\n\nsuite ${renderSummary(runs).join('\n')}` : '';
    process.stdout.write(`${header}\n\n${runs.map(renderRun).join('\n\n')}${overall}\n\nresult file: ${file}\n`);
  }
  if (interrupted) process.exitCode = EXIT_INTERRUPTED;
}

/** One workload run as a list, for reportRuns. */
export function single(start: (hooks: RunHooks) => Promise<WorkloadRun>) {
  return async (hooks: RunHooks) => [await start(hooks)];
}
