// The target `io` reads: what it is, how big, its block sizes, rotational or not, the I/O
// scheduler, and whether O_DIRECT is in effect. Pure: takes what the reader found.
import { sysfsCount, type QueueFile } from './block-device.js';
import { bracketed } from './files.js';

/** Raw facts about a target, as read from stat() and the queue directory of its block device. */
export interface DiskInputs {
  path: string;
  kind: 'block-device' | 'file';
  sizeBytes: number;
  /** The block device holding the data: the device itself, or the one the file lives on. */
  deviceName: string | null;
  /** queue/logical_block_size, physical_block_size, rotational, scheduler of that device. */
  queue: Partial<Record<QueueFile, string>>;
  direct: boolean;
}

export interface DiskFacts {
  path: string;
  kind: 'block-device' | 'file';
  /** For a file: the block device it lives on. */
  device: string | null;
  sizeBytes: number;
  logicalBlockBytes: number | null;
  physicalBlockBytes: number | null;
  rotational: boolean | null;
  scheduler: string | null;
  direct: boolean;
}

export function diskFacts(inputs: DiskInputs): DiskFacts {
  const rotational = inputs.queue.rotational?.trim();
  return {
    path: inputs.path,
    kind: inputs.kind,
    device: inputs.deviceName,
    sizeBytes: inputs.sizeBytes,
    logicalBlockBytes: sysfsCount(inputs.queue.logical_block_size),
    physicalBlockBytes: sysfsCount(inputs.queue.physical_block_size),
    rotational: rotational === undefined ? null : rotational === '1',
    scheduler: bracketed(inputs.queue.scheduler?.trim() ?? null),
    direct: inputs.direct,
  };
}
