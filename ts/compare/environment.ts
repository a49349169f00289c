// What differs between the machines of the compared configurations ("virtualization.hypervisor:
// none -> KVM"), so that a ratio is read knowing what changed besides the configuration. Pure.
import { compareLabels } from './compare.js';
import { diffEnvironments, type EnvironmentChange } from '../env/index.js';
import type { ResultRecord } from '../results/record.js';

export interface ConfigurationChanges {
  config: string;
  /** Null when the baseline's or this configuration's result files hold no machine description. */
  changes: EnvironmentChange[] | null;
}

/**
 * For every configuration but the baseline, the machine fields that differ from the baseline's.
 * A configuration's machine is the one in its first result file (in the order given).
 */
export function environmentChanges(records: readonly { record: ResultRecord }[], baseline: string): ConfigurationChanges[] {
  const machines = new Map<string, object | undefined>();
  for (const { record } of records) {
    const label = record.configuration.label;
    if (!machines.has(label)) machines.set(label, record.environment.machine);
  }
  const base = machines.get(baseline);
  return [...machines.keys()]
    .filter((config) => config !== baseline)
    .sort(compareLabels)
    .map((config) => {
      const machine = machines.get(config);
      return { config, changes: base && machine ? diffEnvironments(base, machine) : null };
    });
}

/** Plain-text lines for above the comparison table. */
export function renderEnvironmentChanges(all: readonly ConfigurationChanges[], baseline: string): string {
  const lines = all.map(({ config, changes }) => {
    if (changes === null) return `environment ${baseline} -> ${config}: not recorded in both`;
    if (changes.length === 0) return `environment ${baseline} -> ${config}: no difference`;
    return [`environment ${baseline} -> ${config}:`, ...changes.map(({ field, from, to }) => `  ${field}: ${from} -> ${to}`)].join('\n');
  });
  return lines.length > 0 ? `${lines.join('\n')}\n\n` : '';
}
