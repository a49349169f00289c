// What each of the thesis's seven configurations launches on a stock Linux host (table 5.1): how
// many instances, process or guest, which cores their threads may use and which disk each reads.
// Mint itself is not available; a Mint node is emulated by pinning to a core and a disk of its own.
// Pure.

export type InstanceKind = 'process' | 'guest';

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

/** How many cores a configuration needs: two for the ones that run two instances side by side. */
export function coresNeeded(id: number): number {
  return id === 3 || id === 6 || id === 7 ? 2 : 1;
}

/** How many disks: two separate ones (HDD1, HDD2) for configurations 3 and 6. */
export function disksNeeded(id: number): number {
  return id === 3 || id === 6 ? 2 : 1;
}

const node = (index: 0 | 1, core: number, what: string): string =>
  `Mint node${index}, emulated on a stock Linux host: ${what} pinned to CPU ${core}, reading disk ${index === 0 ? 'A' : 'B'} of its own`;

/** An instance; `instance` is given only where two run at once. */
function instance(
  kind: InstanceKind,
  name: 'a' | 'b',
  cpus: number[],
  disk: 0 | 1,
  emulates: string | null,
  concurrent: boolean,
  nodeLabel?: string,
): InstancePlan {
  return { name, instance: concurrent ? name : undefined, kind, cpus, disk, node: nodeLabel, emulates };
}

/** An emulated Mint node `index` on `core`, running a process or hosting a guest. */
function mintNode(kind: InstanceKind, index: 0 | 1, core: number, concurrent: boolean): InstancePlan {
  const name = index === 0 ? 'a' : 'b';
  if (kind === 'process') return instance(kind, name, [core], index, node(index, core, 'the process'), concurrent, `node${index}`);
  return instance(kind, name, [core], index, `KVM on ${node(index, core, "QEMU's threads")}`, concurrent);
}

/** The instances of configuration `id` (1-7) on cores `cores` (a, b). */
export function layout(id: number, cores: readonly number[]): InstancePlan[] {
  const [a = 0, b = a] = cores;
  switch (id) {
    case 1:
      return [instance('process', 'a', [], 0, null, false)];
    case 2:
      return [mintNode('process', 0, a, false)];
    case 3:
      return [mintNode('process', 0, a, true), mintNode('process', 1, b, true)];
    case 4:
      return [
        instance(
          'guest',
          'a',
          [a],
          0,
          `Vanilla Linux1 with one core: the guest's vCPU, I/O and emulator threads pinned to CPU ${a}`,
          false,
        ),
      ];
    case 5:
      return [mintNode('guest', 0, a, false)];
    case 6:
      return [mintNode('guest', 0, a, true), mintNode('guest', 1, b, true)];
    case 7: {
      const emulates = `Vanilla Linux2: one KVM host with 2 cores; the threads of both guests allowed on CPUs ${a},${b}, both reading disk A`;
      return [instance('guest', 'a', [a, b], 0, emulates, true), instance('guest', 'b', [a, b], 0, emulates, true)];
    }
    default:
      throw new Error(`configuration ${id} is not one of the thesis's seven`);
  }
}
