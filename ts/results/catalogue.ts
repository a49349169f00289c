// The thesis's seven configurations (table 5.1), every fact about each in one row: its name, what it
// runs (processes or guests), each instance's cores, disk and the Mint node it stands for, and its
// solo configuration. results/configs.ts labels runs from it and launch/ lays instances out from it.
// Mint itself is not available; a Mint node is emulated by pinning to a core and a disk of its own.
// Pure.

export type InstanceKind = 'process' | 'guest';

/** The cores config run is given, a then b (--cores a,b). */
export type CoreSlot = 'a' | 'b';

export interface InstanceRow {
  /** 'a' or 'b': the party's name, the log's, and --instance where two run at once. */
  name: 'a' | 'b';
  /** The cores every thread of the instance may use; none: not pinned. */
  cores: readonly CoreSlot[];
  /** Which disk it reads: 0 (A, the thesis's HDD1) or 1 (B, HDD2). */
  disk: 0 | 1;
  /** The Mint node it emulates (pinned to its own core and disk), if any. */
  mintNode?: 0 | 1;
  /** What it stands for when it is no Mint node; given the CPUs it is pinned to. */
  emulates?: (cpus: readonly number[]) => string;
}

export interface ConfigurationRow {
  id: number;
  /** The thesis's name for it. */
  name: string;
  description: string;
  kind: InstanceKind;
  instances: readonly InstanceRow[];
  /**
   * A concurrent configuration's solo one: the same setup with one instance running alone, so that an
   * instance's time over the solo time is what running beside the other costs (the interference ratio).
   */
  solo?: number;
}

const vanillaKvm1 = (cpus: readonly number[]): string =>
  `Vanilla Linux1 with one core: the guest's vCPU, I/O and emulator threads pinned to CPU ${cpus.join(',')}`;
const vanillaKvm2 = (cpus: readonly number[]): string =>
  `Vanilla Linux2: one KVM host with 2 cores; the threads of both guests allowed on CPUs ${cpus.join(',')}, both reading disk A`;

/** Mint node0 and node1 at once, each on its own core and disk: configurations 3 and 6. */
const TWO_NODES: readonly InstanceRow[] = [
  { name: 'a', cores: ['a'], disk: 0, mintNode: 0 },
  { name: 'b', cores: ['b'], disk: 1, mintNode: 1 },
];

/** Thesis table 5.1. Every OS has 1 core and 512 MB unless said otherwise; HDD1 and HDD2 are separate disks. */
export const CATALOGUE: readonly ConfigurationRow[] = [
  {
    id: 1,
    name: 'Vanilla Linux1',
    description: 'unmodified Linux (host), HDD1',
    kind: 'process',
    instances: [{ name: 'a', cores: [], disk: 0 }],
  },
  {
    id: 2,
    name: 'Mint OS node0',
    description: 'Mint node0 alone, HDD1',
    kind: 'process',
    instances: [{ name: 'a', cores: ['a'], disk: 0, mintNode: 0 }],
  },
  {
    id: 3,
    name: 'Mint OS node0,1',
    description: 'node0 (HDD1) and node1 (HDD2) at the same time',
    kind: 'process',
    instances: TWO_NODES,
    // Two Mint nodes, each one process on its own core and disk, against node0 alone on its core and disk.
    solo: 2,
  },
  {
    id: 4,
    name: 'Vanilla Linux1/KVM/GuestOS1',
    description: 'one guest on KVM on unmodified Linux',
    kind: 'guest',
    instances: [{ name: 'a', cores: ['a'], disk: 0, emulates: vanillaKvm1 }],
  },
  {
    id: 5,
    name: 'OS node0/KVM/GuestOS1',
    description: 'one guest on KVM on Mint node0',
    kind: 'guest',
    instances: [{ name: 'a', cores: ['a'], disk: 0, mintNode: 0 }],
  },
  {
    id: 6,
    name: 'OS node0/KVM/GuestOS1 + OS node1/KVM/GuestOS2',
    description: "two guests, each on its own node's KVM (HDD1, HDD2), at the same time",
    kind: 'guest',
    instances: TWO_NODES,
    // Two guests, each on its own node's KVM, core and disk, against one such guest on node0 alone.
    solo: 5,
  },
  {
    id: 7,
    name: 'Vanilla Linux2/KVM/GuestOS1,2',
    description: 'two guests on one KVM host with 2 cores and 1024 MB, both on HDD1, at the same time',
    kind: 'guest',
    instances: [
      { name: 'a', cores: ['a', 'b'], disk: 0, emulates: vanillaKvm2 },
      { name: 'b', cores: ['a', 'b'], disk: 0, emulates: vanillaKvm2 },
    ],
    // Two guests sharing a host's two cores and one disk, against one guest alone on that host (vanilla
    // Linux KVM, one core, the same disk): what sharing the host and the disk costs each guest.
    solo: 4,
  },
];

/** Row `id`, or undefined when it is not one of the seven. */
export function catalogueRow(id: number): ConfigurationRow | undefined {
  return CATALOGUE.find((row) => row.id === id);
}
