// What differs between the machines of the compared configurations ("virtualization.hypervisor:
// none -> KVM"), so that a ratio is read knowing what changed besides the configuration. Pure.
import { compareLabels } from './compare.js';
import { diffEnvironments, type EnvironmentChange, type MachineInfo } from '../env/index.js';
import type { ResultRecord } from '../results/schema.js';

export interface ConfigurationChanges {
  config: string;
  changes: EnvironmentChange[];
}

/**
 * For every configuration but the baseline, the machine fields that differ from the baseline's.
 * A configuration's machine is the one in its first result file (in the order given).
 */
export function environmentChanges(records: readonly { record: ResultRecord }[], baseline: string): ConfigurationChanges[] {
  const machines = new Map<string, MachineInfo>();
  for (const { record } of records) {
    const label = record.configuration.label;
    if (!machines.has(label)) machines.set(label, record.machine);
  }
  const base = machines.get(baseline);
  if (!base) return [];
  return [...machines]
    .filter(([config]) => config !== baseline)
    .sort(([a], [b]) => compareLabels(a, b))
    .map(([config, machine]) => ({ config, changes: diffEnvironments(base, machine) }));
}
