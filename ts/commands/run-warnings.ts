// Warnings around workload runs, on stderr so that stdout stays the runs' own output, and kept for
// the result file beside the machine they were judged on.
import { migrationWarnings, renderWarnings, runContext, type RunContext, type Warning } from '../env/index.js';
import type { WorkloadRun } from '../measure/run.js';

export class RunWarnings {
  /** Every warning printed so far, one of each code, in order. */
  readonly warnings: Warning[] = [];
  private readonly seen = new Set<string>();

  /** Prints and keeps each kind of warning once. */
  report(warnings: readonly Warning[]): void {
    const fresh = warnings.filter((warning) => !this.seen.has(warning.code));
    for (const warning of fresh) this.seen.add(warning.code);
    this.warnings.push(...fresh);
    if (fresh.length > 0) process.stderr.write(`${renderWarnings(fresh)}\n`);
  }

  /** After all runs: what happened during them (migrations, counted over every part). */
  afterRuns(runs: readonly WorkloadRun[]): void {
    const contexts = runs.map(runContext);
    const sum = (count: (context: RunContext) => number | undefined) =>
      contexts.reduce((total, context) => total + (count(context) ?? 0), 0);
    this.report(migrationWarnings({ migratedRepetitions: sum((c) => c.migratedRepetitions), repetitions: sum((c) => c.repetitions) }));
  }
}
