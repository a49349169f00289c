// Warnings around a workload run, on stderr so that stdout stays the run's own output.
import { captureMachine, migrationWarnings, renderWarnings, runContext, warningsFor, type Warning } from '../env/index.js';
import type { WorkloadRun } from '../run.js';

function print(warnings: readonly Warning[]): void {
  if (warnings.length > 0) process.stderr.write(`${renderWarnings(warnings)}\n`);
}

/** Before the first repetition: what about this machine and this run's setup is untrustworthy. */
export async function warnBeforeRun(parameters: WorkloadRun['parameters']): Promise<void> {
  const machine = await captureMachine({ pinnedCpu: parameters.cpu, device: parameters.device, direct: parameters.direct });
  print(warningsFor(machine, { pinnedCpu: parameters.cpu ?? null }));
}

/** After the run: what happened during it (migrations). */
export function warnAfterRun(run: WorkloadRun): void {
  print(migrationWarnings(runContext(run)));
}
