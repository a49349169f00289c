// What sysfs says about a block device: its name, its size and its queue (block sizes, rotational,
// scheduler). The one reader of these facts, for the io pre-check (measure/target.ts) and the
// machine description (read.ts) alike, so the check and the record cannot disagree.

/** A small text file such as a sysfs attribute, or undefined when it is absent or unreadable. */
type ReadText = (file: string) => string | undefined;

/** The queue attributes read. */
const QUEUE_FILES = ['logical_block_size', 'physical_block_size', 'rotational', 'scheduler'] as const;
export type QueueFile = (typeof QUEUE_FILES)[number];

interface BlockDeviceSysfs {
  /** The kernel's name for it (uevent DEVNAME), e.g. "vda" or "nvme0n1p2"; null if sysfs does not say. */
  name: string | null;
  /** sysfs counts a device's size in 512-byte sectors, whatever its block size. */
  sizeBytes: number | null;
  /** Raw text of each queue attribute found (a partition's are its disk's). */
  queue: Partial<Record<QueueFile, string>>;
}

/** Major and minor numbers of a device number, as glibc's major()/minor() split it. */
export function deviceNumbers(rdev: bigint): { major: bigint; minor: bigint } {
  return {
    major: ((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn),
    minor: (rdev & 0xffn) | ((rdev >> 12n) & ~0xffn),
  };
}

/** A positive whole number from a sysfs attribute's text, else null. */
export function sysfsCount(text: string | undefined): number | null {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

/**
 * The block device with device number `rdev` as sysfs (under `root`) describes it; null where there
 * is no such sysfs directory (a container without /sys).
 */
export function readBlockDevice(rdev: bigint, readText: ReadText, root = '/'): BlockDeviceSysfs | null {
  const { major, minor } = deviceNumbers(rdev);
  // String joins, not path.join: `..` below must be resolved by the kernel after the symbolic link.
  const dir = `${root.replace(/\/$/, '')}/sys/dev/block/${major}:${minor}`;
  const uevent = readText(`${dir}/uevent`);
  const size = readText(`${dir}/size`);
  if (uevent === undefined && size === undefined) return null;
  // A partition (it has a `partition` attribute) has no queue of its own: its disk's is one level up.
  const queueDir = readText(`${dir}/partition`) === undefined ? `${dir}/queue` : `${dir}/../queue`;
  const queue: Partial<Record<QueueFile, string>> = {};
  for (const file of QUEUE_FILES) {
    const text = readText(`${queueDir}/${file}`);
    if (text !== undefined) queue[file] = text;
  }
  const sectors = sysfsCount(size);
  return {
    name: /^DEVNAME=(.+)$/m.exec(uevent ?? '')?.[1]?.trim() ?? null,
    sizeBytes: sectors === null ? null : sectors * 512,
    queue,
  };
}
