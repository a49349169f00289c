// The one way mintbench writes a file: whole or not at all, and never reported written unless it is.
// The bytes go to a new hidden temp file beside the final name; every write is checked (short writes
// are continued), the file is fsynced and closed, and only then renamed (or linked) to its final
// name, and the directory fsynced. On any error the temp file is removed and a WriteError names the
// final path and the reason in words.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

import { errorCode, fsReason } from './fs-reason.js';

/**
 * The system calls of a write, in one object so that tests can make any of them fail (the manner of
 * SQLite's I/O-error tests); everything else calls node:fs directly.
 */
export interface WriteSyscalls {
  /** One mkdir(2), not recursive: Node's recursive mkdir reports ENOENT for EROFS and EACCES. */
  mkdir(dir: string): void;
  open(file: string, flags: number, mode: number): number;
  /** One write(2): may write fewer than `length` bytes. */
  write(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsync(fd: number): void;
  close(fd: number): void;
  link(existing: string, name: string): void;
  rename(from: string, to: string): void;
  unlink(file: string): void;
}

export const writeSyscalls: WriteSyscalls = {
  mkdir: (dir) => {
    mkdirSync(dir);
  },
  open: (file, flags, mode) => openSync(file, flags, mode),
  write: (fd, buffer, offset, length) => writeSync(fd, buffer, offset, length),
  fsync: (fd) => {
    fsyncSync(fd);
  },
  close: (fd) => {
    closeSync(fd);
  },
  link: (existing, name) => {
    linkSync(existing, name);
  },
  rename: (from, to) => {
    renameSync(from, to);
  },
  unlink: (file) => {
    unlinkSync(file);
  },
};

/**
 * Where a write failed. Up to 'publish' the final name was not touched; at 'remove-temp' and
 * 'sync-directory' the complete file is in place under it.
 */
export type WriteStage = 'mkdir' | 'create' | 'write' | 'fsync' | 'close' | 'publish' | 'remove-temp' | 'sync-directory';

function describeFailure(file: string, stage: WriteStage, reason: string): string {
  if (stage === 'sync-directory') return `${file} was written but may not survive a crash: its directory could not be synced: ${reason}`;
  if (stage === 'remove-temp') return `${file} was written, but its temp file could not be removed: ${reason}`;
  return `cannot write ${file}: ${reason}`;
}

export class WriteError extends Error {
  override readonly name = 'WriteError';
  constructor(
    /** The final path that was to be written. */
    readonly file: string,
    /** The error code, e.g. ENOSPC. */
    readonly code: string,
    readonly stage: WriteStage,
    /** Why, in words (see fsReason). */
    readonly reason: string,
  ) {
    super(describeFailure(file, stage, reason));
  }

  /** True when the complete file is in place under its final name despite the error. */
  get published(): boolean {
    return this.stage === 'remove-temp' || this.stage === 'sync-directory';
  }
}

/** A file's bytes: text (UTF-8), bytes, or chunks written in turn (each may reuse one buffer). */
export type FileContent = string | Uint8Array | Iterable<Uint8Array>;

export interface AtomicWriteOptions {
  /** true: rename over an existing file; false: link, so an existing file is never replaced (a WriteError with code EEXIST). */
  replace: boolean;
}

/** `.<name>.<pid>-<12 hex digits>.tmp`: hidden, so listings skip it, and unique to this process and call. */
function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * True for a temp file this writer (or an earlier mintbench's) makes: left behind only when a
 * process was killed or the machine lost power while writing, and never a finished file.
 */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/** Whether process `pid` exists (EPERM: it does, as another user's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to another user.
    return errorCode(error) === 'EPERM';
  }
}

/**
 * Removes the temp files of `file` left by processes that no longer run (killed while writing it),
 * so that a large file such as the scratch file does not leave its predecessor's debris behind. A
 * temp file of a running process is its own business and stays.
 */
export function removeAbandonedTempFiles(file: string): void {
  const dir = path.dirname(file);
  const pattern = new RegExp(`^\\.${path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)-[0-9a-f]{12}\\.tmp$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = pattern.exec(name)?.[1];
    if (pid === undefined || isAlive(Number(pid))) continue;
    try {
      unlinkSync(path.join(dir, name));
    } catch {
      // Gone already (another process cleaned up), or not ours to remove: the writer works around it.
    }
  }
}

function chunksOf(content: FileContent): Iterable<Uint8Array> {
  if (typeof content === 'string') return [Buffer.from(content, 'utf8')];
  if (content instanceof Uint8Array) return [content];
  return content;
}

/** Writes all of `chunk`, continuing after short writes. */
function writeAll(fd: number, chunk: Uint8Array): void {
  for (let offset = 0; offset < chunk.length;) {
    const written = writeSyscalls.write(fd, chunk, offset, chunk.length - offset);
    // A regular file that takes no byte and reports no error would loop forever: call it an I/O error.
    if (written <= 0) throw Object.assign(new Error(`write returned ${written}`), { code: 'EIO' });
    offset += written;
  }
}

/** fsync(2) of a directory, so that a name made or renamed in it survives a crash. */
export function syncDirectory(dir: string): void {
  const fd = writeSyscalls.open(dir, constants.O_RDONLY | constants.O_DIRECTORY, 0);
  try {
    writeSyscalls.fsync(fd);
  } catch (error) {
    // Some file systems (a few FUSE and network ones) cannot sync a directory at all.
    const code = errorCode(error);
    if (code !== 'EINVAL' && code !== 'ENOTSUP') throw error;
  } finally {
    closeQuietly(fd);
  }
}

/** mkdir -p `dir`, fsyncing the parent of each directory made, so that they survive a crash too. */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let part = dir; statSync(part, { throwIfNoEntry: false }) === undefined && path.dirname(part) !== part; part = path.dirname(part)) {
    missing.unshift(part);
  }
  for (const part of missing) {
    try {
      writeSyscalls.mkdir(part);
    } catch (error) {
      // Made meanwhile by another process: fine, if it is a directory.
      if (errorCode(error) !== 'EEXIST' || statSync(part, { throwIfNoEntry: false })?.isDirectory() !== true) throw error;
    }
    syncDirectory(path.dirname(part));
  }
}

/**
 * Links `temp` to `file`, which never replaces an existing file, or renames it where the file system
 * has no hard links. Returns whether `temp` still exists (a second name of the file).
 */
function linkInto(temp: string, file: string): boolean {
  try {
    writeSyscalls.link(temp, file);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
  }
  writeSyscalls.rename(temp, file);
  return false;
}

function closeQuietly(fd: number): void {
  try {
    writeSyscalls.close(fd);
  } catch {
    // The error under way is the one to report.
  }
}

function removeQuietly(file: string): void {
  try {
    writeSyscalls.unlink(file);
  } catch {
    // Nothing more can be done; the name marks it as a temp file, which readers ignore.
  }
}

/**
 * Writes `content` to `file` (its directory made if missing) whole or not at all; see the top of
 * this file. Throws a WriteError naming `file` and the reason; other errors (a failing content
 * iterator) pass through, after the temp file is removed.
 */
export function writeFileAtomic(file: string, content: FileContent, options: AtomicWriteOptions): void {
  const dir = path.dirname(path.resolve(file));
  let stage: WriteStage = 'mkdir';
  let temp: string | undefined;
  try {
    makeDirectory(dir);
    stage = 'create';
    const candidate = tempPathFor(file);
    // Exclusive creation: a symlink planted at the temp path is never followed.
    const fd = writeSyscalls.open(candidate, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
    temp = candidate;
    try {
      stage = 'write';
      for (const chunk of chunksOf(content)) writeAll(fd, chunk);
      stage = 'fsync';
      writeSyscalls.fsync(fd);
    } catch (error) {
      closeQuietly(fd);
      throw error;
    }
    // close() reports late write errors on some file systems (NFS), so it is checked too.
    stage = 'close';
    writeSyscalls.close(fd);
    stage = 'publish';
    let twoNames = false;
    if (options.replace) writeSyscalls.rename(temp, file);
    else twoNames = linkInto(temp, file);
    if (twoNames) {
      stage = 'remove-temp';
      writeSyscalls.unlink(temp);
    }
    temp = undefined;
    stage = 'sync-directory';
    syncDirectory(dir);
  } catch (error) {
    if (temp !== undefined) removeQuietly(temp);
    const code = errorCode(error);
    if (code === undefined) throw error;
    const reason =
      stage === 'mkdir' && code === 'EEXIST'
        ? `${dir} exists and is not a directory (EEXIST)`
        : fsReason(code, dir, (error as Error).message);
    throw new WriteError(file, code, stage, reason);
  }
}
