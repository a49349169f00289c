// The io target, checked before any work: what it is, whether this user may read it, how large it
// is and its block size, so that bad input ends in one clear message, never in a failed run. The
// addon checks again on its own (native/disk_read.cc).
import { closeSync, constants, openSync, readFileSync, statSync, type BigIntStats } from 'node:fs';

import { expected } from '../base/errors.js';
import { fileKind } from '../base/file-kind.js';
import { errorCode } from '../base/fs-reason.js';
import { readBlockDevice, sysfsCount } from '../env/block-device.js';
import { formatBytes } from '../base/units.js';

/** What the pre-check learned; null where it could not tell (the addon still checks). */
interface TargetFacts {
  kind: 'block-device' | 'file';
  sizeBytes: number | null;
  /** Alignment the addon demands of sizes and offsets: the logical block size, or st_blksize for files. */
  blockBytes: number | null;
}

/** The system calls the pre-check makes; tests pass their own to show what root cannot see. */
export interface TargetProbe {
  /** stat(2), following symbolic links; throws a NodeJS.ErrnoException. */
  stat(target: string): BigIntStats;
  /** Opens read-only (O_DIRECT if `direct`, O_NONBLOCK so nothing can block), then closes; throws a NodeJS.ErrnoException. */
  openReadOnly(target: string, direct: boolean): void;
  /** A small text file such as a sysfs attribute, or undefined if it cannot be read. */
  readText(file: string): string | undefined;
}

export const systemProbe: TargetProbe = {
  stat: (target) => statSync(target, { bigint: true }),
  openReadOnly: (target, direct) => {
    closeSync(openSync(target, constants.O_RDONLY | constants.O_NONBLOCK | (direct ? constants.O_DIRECT : 0)));
  },
  readText: (file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

const NAME = 'device';
const ALLOWED = 'block device or regular file';

/** The error's code (ENOENT, EACCES, ...), or the error itself in words where it has none. */
function codeOf(error: unknown): string {
  return errorCode(error) ?? String(error);
}

/** The name of group `gid` from /etc/group, or its number. */
function groupName(gid: bigint, probe: TargetProbe): string {
  const line = probe
    .readText('/etc/group')
    ?.split('\n')
    .find((entry) => entry.split(':')[2] === String(gid));
  return line?.split(':')[0] ?? String(gid);
}

/** How to get read access to a target this user may not open. */
function permissionRemedy(target: string, stats: BigIntStats, probe: TargetProbe): string {
  const groupMayRead = (stats.mode & 0o040n) !== 0n;
  if (stats.isBlockDevice() && groupMayRead) {
    const group = groupName(stats.gid, probe);
    return `permission denied: run as root, or add your user to the group '${group}' that may read it: sudo usermod -aG ${group} $USER, then log in again`;
  }
  return `permission denied: run as root, or give your user read access: sudo setfacl -m u:$USER:r ${target}`;
}

function statTarget(target: string, probe: TargetProbe): BigIntStats {
  try {
    return probe.stat(target);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw expected(`an existing ${ALLOWED}`, NAME, target, 'nothing is at that path');
    if (code === 'ELOOP') throw expected(`a path without a symbolic link loop`, NAME, target, 'ELOOP: too many levels of symbolic links');
    if (code === 'EACCES') {
      throw expected(
        'a path this user may reach',
        NAME,
        target,
        'permission denied on a directory in the path: run as root, or give your user access to it',
      );
    }
    throw expected(`a path to a ${ALLOWED}`, NAME, target, code);
  }
}

function openTarget(target: string, stats: BigIntStats, direct: boolean, probe: TargetProbe): void {
  try {
    probe.openReadOnly(target, direct);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'EACCES' || code === 'EPERM')
      throw expected(`a ${ALLOWED} this user may read`, NAME, target, permissionRemedy(target, stats, probe));
    if (code === 'EINVAL' && direct)
      throw expected(`a ${ALLOWED} that supports O_DIRECT`, NAME, target, 'its file system does not: pass --buffered');
    throw new Error(`Cannot open ${target} read-only: ${(error as Error).message}`);
  }
}

/** Size and logical block size of a block device, as sysfs states them. */
function blockDeviceFacts(stats: BigIntStats, probe: TargetProbe): Pick<TargetFacts, 'sizeBytes' | 'blockBytes'> {
  const sysfs = readBlockDevice(stats.rdev, (file) => probe.readText(file));
  return { sizeBytes: sysfs?.sizeBytes ?? null, blockBytes: sysfsCount(sysfs?.queue.logical_block_size) };
}

/** What `target` is, refusing anything but a block device or regular file this user may open read-only. */
export function inspectTarget(target: string, direct: boolean, probe: TargetProbe = systemProbe): TargetFacts {
  if (target === '') throw expected(`a path to a ${ALLOWED}`, NAME, target);
  const stats = statTarget(target, probe);
  if (!stats.isBlockDevice() && !stats.isFile()) throw expected(`a ${ALLOWED}, not ${fileKind(stats)}`, NAME, target);
  openTarget(target, stats, direct, probe);
  if (stats.isBlockDevice()) return { kind: 'block-device', ...blockDeviceFacts(stats, probe) };
  return { kind: 'file', sizeBytes: Number(stats.size), blockBytes: Number(stats.blksize) };
}

/** inspectTarget(), then refuses read sizes the target cannot serve: not block-aligned, or longer than the target. */
export function checkTarget(target: string, sizes: readonly number[], direct: boolean, probe: TargetProbe = systemProbe): TargetFacts {
  const facts = inspectTarget(target, direct, probe);
  const { blockBytes, sizeBytes } = facts;
  for (const size of sizes) {
    if (blockBytes !== null && blockBytes > 0 && size % blockBytes !== 0) {
      const why = direct ? 'O_DIRECT reads whole blocks' : 'buffered runs read whole blocks too, to read what O_DIRECT runs read';
      throw expected(`a multiple of the block size of ${target} (${blockBytes} bytes: ${why})`, 'sizes', size);
    }
    if (sizeBytes !== null && size > sizeBytes) {
      throw expected(`a target at least one read (${formatBytes(size)}) long`, NAME, target, `it holds ${sizeBytes} bytes`);
    }
  }
  return facts;
}
