// Injected I/O errors for the atomic writer (ts/base/atomic-write.ts), in the manner of SQLite's
// I/O-error tests: wraps its system calls so that one of them fails with a chosen error code. Plain
// JavaScript, so that fault-preload.mjs can load it into a CLI process as well as tests in-process.
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * @typedef {'mkdir' | 'open' | 'write' | 'fsync' | 'close' | 'link' | 'rename' | 'unlink' | 'fsync-directory'} FaultSyscall
 * @typedef {{ syscall: FaultSyscall, code?: string, under: string, afterBytes?: number, maxBytesPerWrite?: number }} Fault
 */

/** An error shaped as Node's fs errors are (code, errno, syscall, path). */
function fsError(code, syscall, file) {
  const errno = os.constants.errno[code];
  return Object.assign(new Error(`${code}: injected fault, ${syscall} '${file}'`), {
    code,
    errno: errno === undefined ? undefined : -errno,
    syscall,
    path: file,
  });
}

/**
 * `real` with `fault` applied to calls on paths in or under `fault.under` (and on file descriptors
 * opened there):
 * - mkdir, open (files, not directories), link, rename, unlink: fail with `code`;
 * - write: once `afterBytes` (default 0) bytes went to a file, fail with `code`; the write that
 *   crosses that point is cut short there, as a filling disk cuts it;
 * - write with `maxBytesPerWrite` and no code: every write(2) takes at most that many bytes (0: none);
 * - fsync, close: of a file; fsync-directory: fsync of a directory.
 * @param {import('../../ts/base/atomic-write.js').WriteSyscalls} real
 * @param {Fault} fault
 * @returns {import('../../ts/base/atomic-write.js').WriteSyscalls}
 */
export function faultySyscalls(real, fault) {
  const under = path.resolve(fault.under);
  const inScope = (file) => {
    const absolute = path.resolve(file);
    return absolute === under || absolute.startsWith(`${under}${path.sep}`);
  };
  /** Descriptors opened in scope: whether each is a directory, and the bytes written to it. */
  const opened = new Map();
  const fail = (syscall, file) => {
    throw fsError(fault.code ?? 'EIO', syscall, file);
  };
  const failsOn = (syscall, file) => fault.syscall === syscall && fault.code !== undefined && inScope(file);
  return {
    mkdir: (dir) => {
      if (failsOn('mkdir', dir)) fail('mkdir', dir);
      real.mkdir(dir);
    },
    open: (file, flags, mode) => {
      const isDirectory = (flags & constants.O_DIRECTORY) !== 0;
      if (!isDirectory && failsOn('open', file)) fail('open', file);
      const fd = real.open(file, flags, mode);
      if (inScope(file)) opened.set(fd, { file, isDirectory, written: 0 });
      return fd;
    },
    write: (fd, buffer, offset, length) => {
      const entry = opened.get(fd);
      if (entry === undefined || fault.syscall !== 'write') return real.write(fd, buffer, offset, length);
      if (fault.code === undefined) return real.write(fd, buffer, offset, Math.min(length, fault.maxBytesPerWrite ?? length));
      const room = (fault.afterBytes ?? 0) - entry.written;
      if (room <= 0) fail('write', entry.file);
      const written = real.write(fd, buffer, offset, Math.min(length, room));
      entry.written += written;
      return written;
    },
    fsync: (fd) => {
      const entry = opened.get(fd);
      const syscall = entry?.isDirectory ? 'fsync-directory' : 'fsync';
      if (entry !== undefined && fault.syscall === syscall && fault.code !== undefined) fail(syscall, entry.file);
      real.fsync(fd);
    },
    close: (fd) => {
      const entry = opened.get(fd);
      opened.delete(fd);
      real.close(fd);
      // Linux releases the descriptor even when close() reports an error.
      if (entry !== undefined && !entry.isDirectory && fault.syscall === 'close' && fault.code !== undefined) fail('close', entry.file);
    },
    link: (existing, name) => {
      if (failsOn('link', name)) fail('link', name);
      real.link(existing, name);
    },
    rename: (from, to) => {
      if (failsOn('rename', to)) fail('rename', to);
      real.rename(from, to);
    },
    unlink: (file) => {
      if (failsOn('unlink', file)) fail('unlink', file);
      real.unlink(file);
    },
  };
}
