// What differs between the machines of the compared configurations ("virtualization.hypervisor:
// none -> KVM"), so that a ratio is read knowing what changed besides the configuration; the facts that
// change numbers first. Pure.
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

/**
 * The machine facts that change the numbers a run measures, in the order printed: hypervisor (and
 * emulation), CPU model, kernel, pinning, the disk `io` reads (what it is, not where), huge pages.
 */
const KEY_FIELDS: readonly string[] = [
  'virtualization.hypervisor',
  'virtualization.emulated',
  'cpu.model',
  'os.kernel',
  'cpu.pinnedCpu',
  'disk',
  'disk.kind',
  'disk.device',
  'disk.rotational',
  'disk.scheduler',
  'disk.direct',
  'disk.logicalBlockBytes',
  'disk.physicalBlockBytes',
  'os.transparentHugePages',
];
/** The same facts in words. */
export const KEY_ENVIRONMENT_FACTS = 'hypervisor, CPU model, kernel, pinning, disk or huge pages';

/** `changes` split into the key facts (KEY_FIELDS, in its order) and the others (in theirs). */
export function splitChanges(changes: readonly EnvironmentChange[]): { key: EnvironmentChange[]; other: EnvironmentChange[] } {
  const rank = (change: EnvironmentChange) => KEY_FIELDS.indexOf(change.field);
  return {
    key: changes.filter((change) => rank(change) >= 0).sort((a, b) => rank(a) - rank(b)),
    other: changes.filter((change) => rank(change) < 0),
  };
}
