// Checks of where output will go, made before any work (a run's first repetition, reading result
// files, building a large file), so that a run is never measured only to find it cannot be saved.
// Each refusal is a UsageError in the expected() shape naming the option: exit code 2.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, lstatSync, openSync, readlinkSync, statfsSync, statSync, unlinkSync, type Stats } from 'node:fs';
import path from 'node:path';

import { expected } from './errors.js';
import { errorCode, fsReason } from './fs-reason.js';
import { formatBytesApprox } from './units.js';

/** stat(2) or lstat(2) of `file`, or undefined when nothing is there (also when a part of its path is a file). */
function statIfAny(file: string, follow = true): Stats | undefined {
  try {
    return follow ? statSync(file) : lstatSync(file);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** The closest of `dir` and its ancestors that exists: where a missing `dir` would be created. */
function existingAncestor(dir: string): string {
  let candidate = path.resolve(dir);
  while (statIfAny(candidate) === undefined && path.dirname(candidate) !== candidate) candidate = path.dirname(candidate);
  return candidate;
}

/** Why a missing or existing `absolute` directory cannot be written to, from its path alone. */
function whyNotDirectory(absolute: string): string | undefined {
  // A symbolic link whose target is missing: mkdir would fail on it, and writing through it is surely not meant.
  for (let part = absolute; path.dirname(part) !== part; part = path.dirname(part)) {
    const link = statIfAny(part, false);
    if (link === undefined) continue;
    if (link.isSymbolicLink() && statIfAny(part) === undefined) {
      return `${part} is a symbolic link to ${readlinkSync(part)}, which does not exist`;
    }
    break;
  }
  const base = existingAncestor(absolute);
  if (statSync(base).isDirectory()) return undefined;
  return base === absolute ? 'it exists and is not a directory' : `${base} is not a directory`;
}

/** Why `dir` (or the nearest part of it that exists) cannot hold new files, or undefined when it can. */
function whyNotWritable(dir: string): string | undefined {
  const absolute = path.resolve(dir);
  let where = absolute;
  try {
    const why = whyNotDirectory(absolute);
    if (why !== undefined) return why;
    where = existingAncestor(absolute);
    // A real file, created and removed: the one test that covers permissions, ACLs, read-only
    // mounts, full inode tables and root squashing alike.
    const probe = path.join(where, `.mintbench-probe-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    const fd = openSync(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      closeSync(fd);
    } finally {
      unlinkSync(probe);
    }
    return undefined;
  } catch (error) {
    const code = errorCode(error);
    return code === undefined ? String(error) : fsReason(code, where);
  }
}

/**
 * Refuses a directory output `name` (a flag such as `--out`) cannot go to: `dir` must exist or be
 * creatable, be a directory (a symbolic link to one is fine, a dangling one is not), and this user
 * must be able to create files in it, shown by creating and removing a probe file.
 */
export function checkOutputDirectory(name: string, dir: string): void {
  const why = whyNotWritable(dir);
  if (why !== undefined) throw expected('a directory this user can create files in', name, dir, why);
}

/** As checkOutputDirectory, for the directory of an output file: the message names the file as given. */
export function checkOutputFileDirectory(name: string, file: string): void {
  const why = whyNotWritable(path.dirname(file));
  if (why !== undefined) throw expected('a path in a directory this user can create files in', name, file, why);
}

/**
 * Refuses to build a file of `neededBytes` in `dir` (or where it would be created) when its file
 * system has less free space for this user: the message says what is needed, what is free, and
 * `remedy` (what to do instead).
 */
export function checkFreeSpace(what: string, name: string, dir: string, neededBytes: number, remedy: string): void {
  const base = existingAncestor(dir);
  const stats = statfsSync(base);
  const freeBytes = stats.bavail * stats.bsize;
  if (freeBytes >= neededBytes) return;
  throw expected(
    `a directory with ${formatBytesApprox(neededBytes)} free for ${what}`,
    name,
    dir,
    `its filesystem has ${formatBytesApprox(freeBytes)} free: ${remedy}`,
  );
}
