// What this process may use, read before a run so that impossible options are refused before any
// work: the CPUs it may run on and the memory its buffers must fit in.
import { readFileSync } from 'node:fs';
import os from 'node:os';

import { expected } from '../base/errors.js';
import { parseCpuList } from '../env/files.js';
import { formatBytes, formatBytesApprox } from '../base/units.js';

/**
 * Memory left free when checking a run's buffers against available memory: room for the kernel,
 * Node's own heap and whatever else runs, so that a run neither swaps nor meets the OOM killer.
 * Small enough for the thesis's 512 MB guests.
 */
export const MEMORY_MARGIN_BYTES = 64 * 1024 ** 2;

/**
 * Memory each io read costs besides its buffer: its offset is drawn in advance in C++, copied into
 * the result, turned into a JavaScript number and sliced into its series, 8 bytes each time.
 */
export const BYTES_PER_READ_OFFSET = 4 * 8;

/**
 * The most one Linux read() returns (MAX_RW_COUNT: 2 GiB − 4 KiB): a larger read always comes back
 * short, so an io size above it could only fail once the run had started. native/disk_read.h has the same.
 */
export const MAX_READ_BYTES = 0x7ffff000;

/** Refuses a read size Linux cannot read in one call. */
export function checkReadSize(sizeBytes: number): void {
  if (sizeBytes <= MAX_READ_BYTES) return;
  throw expected(
    `a read size of at most ${MAX_READ_BYTES} bytes (2 GiB − 4 KiB)`,
    'sizes',
    formatBytes(sizeBytes),
    'Linux returns at most that many bytes from one read()',
  );
}

/** Memory the kernel can give without swapping: on Linux, libuv (Node 20+) reads MemAvailable from /proc/meminfo. */
export function availableMemoryBytes(): number {
  return os.freemem();
}

/** Refuses a run whose buffers (`neededBytes`, for option `name` set to `received`) do not fit in available memory. */
export function checkMemory(name: string, received: unknown, neededBytes: number, availableBytes = availableMemoryBytes()): void {
  const usableBytes = availableBytes - MEMORY_MARGIN_BYTES;
  if (neededBytes <= usableBytes) return;
  throw expected(
    `a value whose buffers fit in available memory (${formatBytesApprox(Math.max(usableBytes, 0))} after a ${formatBytes(MEMORY_MARGIN_BYTES)} margin)`,
    name,
    received,
    `its buffers need ${formatBytesApprox(neededBytes)}`,
  );
}

/**
 * CPUs in this process's affinity mask (Cpus_allowed_list in /proc/self/status), or in that of the
 * thread whose status file is given; undefined where that is missing.
 */
export function allowedCpus(statusFile = '/proc/self/status'): number[] | undefined {
  let status: string;
  try {
    status = readFileSync(statusFile, 'utf8');
  } catch {
    return undefined;
  }
  const match = /^Cpus_allowed_list:\s*(\S+)$/m.exec(status);
  return match?.[1] === undefined ? undefined : parseCpuList(match[1]);
}
