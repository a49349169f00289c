// Types of fault-syscalls.mjs.
import type { WriteSyscalls } from '../../ts/base/atomic-write.js';

export type FaultSyscall = 'mkdir' | 'open' | 'write' | 'fsync' | 'close' | 'link' | 'rename' | 'unlink' | 'fsync-directory';

export interface Fault {
  syscall: FaultSyscall;
  /** The error code to fail with (ENOSPC, EIO, ...); none: only maxBytesPerWrite applies. */
  code?: string;
  /** Only calls on paths in or under this directory fail. */
  under: string;
  /** write: bytes a file takes before its writes fail (default 0). */
  afterBytes?: number;
  /** write without code: the most bytes one write(2) takes. */
  maxBytesPerWrite?: number;
}

export function faultySyscalls(real: WriteSyscalls, fault: Fault): WriteSyscalls;
