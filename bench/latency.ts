// What a user waits for, as rows of the bench's table (a missed target is a row that says so): how
// soon the CLI exits after Ctrl-C or SIGTERM having written its result file, how soon a stop request
// ends a long repetition, and how far apart two runs started through one barrier open their first
// regions. test/cli-signals.test.ts, test/workload-stop.test.ts and test/cli-sync.test.ts check what
// each does, without timing it.
import path from 'node:path';

import { loadRecords } from '../ts/results/store.js';
import { startBarrier, syncedCpuRun } from '../test/helpers/barrier.js';
import { ENDLESS_CPU_RUN, interruptCli } from '../test/helpers/cli.js';
import { sizedSpec, STOP_CASES, stopDuringSecondRepetition } from '../test/helpers/stop-request.js';
import { EXIT_INTERRUPTED } from '../ts/commands/exit-codes.js';
import { below, medianRow, type Row } from './table.js';

const SIGNAL_TRIALS = 5;
const STOP_TRIALS = 5;
/** Long enough that waiting for the repetition's end would be plain to see. */
const STOP_REPETITION_SECONDS = 1;
const STOP_AFTER_MS = 150;
const SKEW_GROUPS = 10;

/** Per signal: milliseconds from the signal to the exit of a run that prints and saves what it completed. */
export async function signalExit(dir: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const exitMs: number[] = [];
    for (let i = 0; i < SIGNAL_TRIALS; i += 1) {
      const result = await interruptCli([...ENDLESS_CPU_RUN, '--out', path.join(dir, `signal-${signal}-${String(i)}`)], signal);
      if (result.status !== EXIT_INTERRUPTED) throw new Error(`${signal}: exit code ${String(result.status)}: ${result.stderr}`);
      exitMs.push(result.exitMs);
    }
    rows.push(
      medianRow(
        `CLI exit after ${signal}, its result file written and fsynced: ms`,
        exitMs,
        'ms',
        `${String(SIGNAL_TRIALS)} runs`,
        below(1000, 'median under 1000 ms'),
        4,
      ),
    );
  }
  return rows;
}

/** Per kind of work: milliseconds from a stop request in the middle of a long repetition to the run's end. */
export async function stopLatency(file: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const stopCase of STOP_CASES) {
    const spec = await sizedSpec(stopCase, file, STOP_REPETITION_SECONDS);
    const latenciesMs: number[] = [];
    for (let i = 0; i < STOP_TRIALS; i += 1) {
      const { result, latencyMs } = await stopDuringSecondRepetition(spec, STOP_AFTER_MS);
      if (result.ticks.length !== 1) throw new Error(`${stopCase[0]}: ${String(result.ticks.length)} repetitions completed, not 1`);
      latenciesMs.push(latencyMs);
    }
    rows.push(
      medianRow(
        `Stop during a ${String(STOP_REPETITION_SECONDS)} s ${stopCase[0]} repetition: ms to the run's end`,
        latenciesMs,
        'ms',
        `${String(STOP_TRIALS)} stops`,
        below(100, 'median under 100 ms'),
        4,
      ),
    );
  }
  return rows;
}

/** Two runs pinned to CPUs 0 and 1, started through one barrier: the start skew it measured (one clock). */
export async function startSkew(dir: string): Promise<Row[]> {
  const out = path.join(dir, 'skew');
  for (let group = 0; group < SKEW_GROUPS; group += 1) {
    const barrier = await startBarrier(['--parties', '2', '--timeout', '60']);
    const results = await Promise.all([syncedCpuRun(barrier.port, 'a', 0, out), syncedCpuRun(barrier.port, 'b', 1, out), barrier.exited]);
    const failed = results.find((result) => result.status !== 0);
    if (failed) throw new Error(`a synced run failed: ${failed.stderr}`);
  }
  const skews = new Map(loadRecords([out]).records.map(({ record }) => [record.sync?.group, record.sync?.startSkewSeconds ?? NaN]));
  const microseconds = [...skews.values()].map((seconds) => seconds * 1e6);
  if (microseconds.length !== SKEW_GROUPS || microseconds.some(Number.isNaN)) {
    throw new Error(`expected ${String(SKEW_GROUPS)} groups with a measured skew, found ${JSON.stringify(microseconds)}`);
  }
  return [
    medianRow(
      'Start skew of two --sync runs through one barrier, pinned to CPUs 0 and 1: µs',
      microseconds,
      'µs',
      `${String(SKEW_GROUPS)} groups of 2 runs`,
      below(1000, 'median under 1000 µs'),
      4,
    ),
  ];
}
