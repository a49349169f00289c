// What each of the thesis's seven configurations launches on a stock Linux host, read from the
// catalogue (results/catalogue.ts): its instances, process or guest, the cores their threads may use,
// the disk each reads and what each stands for. Pure.
import { catalogueRow, type ConfigurationRow, type InstanceKind, type InstanceRow } from '../results/catalogue.js';

export type { InstanceKind };

export interface InstancePlan {
  /** 'a' or 'b': the party's name, and the console log's. */
  name: string;
  /** --instance of the run: only for the configurations that run two at a time (3, 6, 7). */
  instance: string | undefined;
  kind: InstanceKind;
  /** Cores every thread of the instance may use; empty: not pinned (configuration 1). */
  cpus: number[];
  /** Which disk it reads: 0 (A, the thesis's HDD1) or 1 (B, HDD2). */
  disk: 0 | 1;
  /** Mint node label (--node) of an emulated node. */
  node: string | undefined;
  /** What it stands for, as the result says. */
  emulates: string | null;
}

function row(id: number): ConfigurationRow {
  const found = catalogueRow(id);
  if (!found) throw new Error(`configuration ${id} is not one of the thesis's seven`);
  return found;
}

/** How many cores a configuration needs: two for the ones that run two instances side by side. */
export function coresNeeded(id: number): number {
  return new Set(row(id).instances.flatMap((instance) => instance.cores)).size || 1;
}

/** How many disks: two separate ones (HDD1, HDD2) for configurations 3 and 6. */
export function disksNeeded(id: number): number {
  return new Set(row(id).instances.map((instance) => instance.disk)).size;
}

const nodeText = (index: 0 | 1, core: number, what: string): string =>
  `Mint node${index}, emulated on a stock Linux host: ${what} pinned to CPU ${core}, reading disk ${index === 0 ? 'A' : 'B'} of its own`;

function emulates(kind: InstanceKind, instance: InstanceRow, cpus: readonly number[]): string | null {
  if (instance.mintNode === undefined) return instance.emulates?.(cpus) ?? null;
  const core = cpus[0] ?? 0;
  return kind === 'process'
    ? nodeText(instance.mintNode, core, 'the process')
    : `KVM on ${nodeText(instance.mintNode, core, "QEMU's threads")}`;
}

/** The instances of configuration `id` (1-7) on cores `cores` (a, b). */
export function layout(id: number, cores: readonly number[]): InstancePlan[] {
  const { kind, instances } = row(id);
  const [a = 0, b = a] = cores;
  const concurrent = instances.length > 1;
  return instances.map((instance) => {
    const cpus = instance.cores.map((slot) => (slot === 'a' ? a : b));
    return {
      name: instance.name,
      instance: concurrent ? instance.name : undefined,
      kind,
      cpus,
      disk: instance.disk,
      // A process is told its node (--node); a guest's run cannot see the host's pinning.
      node: kind === 'process' && instance.mintNode !== undefined ? `node${instance.mintNode}` : undefined,
      emulates: emulates(kind, instance, cpus),
    };
  });
}
