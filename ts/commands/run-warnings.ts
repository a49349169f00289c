// Warnings around workload runs, on stderr so that stdout stays the runs' own output, and kept for
// the result file together with the machine they were judged on.
import {
  captureMachine,
  migrationWarnings,
  renderWarnings,
  runContext,
  warningsFor,
  type MachineInfo,
  type RunContext,
  type Warning,
} from '../env/index.js';
import type { WorkloadRun } from '../measure/run.js';

export class RunWarnings {
  /** Every warning printed so far, one of each code, in order. */
  readonly warnings: Warning[] = [];
  /** The machine the runs were made on; its disk is the last read target described. */
  machine: MachineInfo | undefined;
  private readonly seen = new Set<string>();

  constructor(private readonly nodeLabel?: string) {}

  /** Before each part's first repetition (the suite has several): describe the machine, warn once each. */
  readonly beforeRun = async (parameters: WorkloadRun['parameters']): Promise<void> => {
    const machine = await captureMachine({
      pinnedCpu: parameters.cpu,
      device: parameters.device,
      direct: parameters.direct,
      nodeLabel: this.nodeLabel,
    });
    this.machine = this.machine && !machine.disk ? { ...machine, disk: this.machine.disk } : machine;
    this.report(warningsFor(machine, { pinnedCpu: parameters.cpu ?? null }));
  };

  /** After all runs: what happened during them (migrations, counted over every part). */
  afterRuns(runs: readonly WorkloadRun[]): void {
    const contexts = runs.map(runContext);
    const sum = (count: (context: RunContext) => number | undefined) =>
      contexts.reduce((total, context) => total + (count(context) ?? 0), 0);
    this.report(migrationWarnings({ migratedRepetitions: sum((c) => c.migratedRepetitions), repetitions: sum((c) => c.repetitions) }));
  }

  /** Prints and keeps each kind of warning once: the suite's parts would repeat them. */
  private report(warnings: readonly Warning[]): void {
    const fresh = warnings.filter((warning) => !this.seen.has(warning.code));
    for (const warning of fresh) this.seen.add(warning.code);
    this.warnings.push(...fresh);
    if (fresh.length > 0) process.stderr.write(`${renderWarnings(fresh)}\n`);
  }
}
