// The atomic writer under injected faults, in the manner of SQLite's I/O-error tests: every system
// call of a write fails in turn with every error a full, denied, read-only or failing disk gives,
// and the writer must report it by path and reason, leave no temp file, and never leave a partial
// file under the final name. Then the same for real, on a small tmpfs that fills up.
import { constants, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { isTempFileName, writeFileAtomic, WriteError, writeSyscalls, type FileContent, type WriteStage } from '../ts/base/atomic-write.js';
import { fsReason } from '../ts/base/fs-reason.js';
import { faultySyscalls, type Fault, type FaultSyscall } from './helpers/fault-syscalls.mjs';
import { useTempDir } from './helpers/files.js';
import { fillTo, mountTmpfs, needsTmpfsMounts, useMountRoot } from './helpers/mounts.js';
import { requires } from './helpers/requires.js';

const real = { ...writeSyscalls };
const dir = useTempDir();

afterEach(() => {
  Object.assign(writeSyscalls, real);
});

function inject(fault: Fault): void {
  Object.assign(writeSyscalls, faultySyscalls(real, fault));
}

/** 12 KiB in three chunks of distinct bytes: a file cut anywhere differs from it. */
const CONTENT = Buffer.concat([Buffer.alloc(4096, 1), Buffer.alloc(4096, 2), Buffer.alloc(4096, 3)]);
const chunks = (): Iterable<Uint8Array> => [CONTENT.subarray(0, 4096), CONTENT.subarray(4096, 8192), CONTENT.subarray(8192)];

const CODES = ['ENOSPC', 'EDQUOT', 'EACCES', 'EROFS', 'EIO'] as const;

/** Every system call of a write, where the writer is when it fails, and whether the file is then in place. */
const STEPS: { syscall: FaultSyscall; afterBytes?: number; stage: WriteStage; replace: boolean[]; published: boolean }[] = [
  { syscall: 'mkdir', stage: 'mkdir', replace: [true, false], published: false },
  { syscall: 'open', stage: 'create', replace: [true, false], published: false },
  { syscall: 'write', afterBytes: 0, stage: 'write', replace: [true, false], published: false },
  { syscall: 'write', afterBytes: 5000, stage: 'write', replace: [true, false], published: false },
  { syscall: 'fsync', stage: 'fsync', replace: [true, false], published: false },
  { syscall: 'close', stage: 'close', replace: [true, false], published: false },
  { syscall: 'rename', stage: 'publish', replace: [true], published: false },
  { syscall: 'link', stage: 'publish', replace: [false], published: false },
  { syscall: 'unlink', stage: 'remove-temp', replace: [false], published: true },
  { syscall: 'fsync-directory', stage: 'sync-directory', replace: [true, false], published: true },
];

function tempFiles(where: string): string[] {
  return readdirSync(where).filter(isTempFileName);
}

function caught(write: () => void): unknown {
  try {
    write();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('writeFileAtomic under injected faults', () => {
  let round = 0;
  for (const step of STEPS) {
    for (const replace of step.replace) {
      const label = `${step.syscall}${step.afterBytes === undefined ? '' : ` after ${step.afterBytes} bytes`}, ${replace ? 'replacing' : 'new name'}`;
      it(`fails cleanly at ${label}, for ${CODES.join(', ')}`, () => {
        for (const code of CODES) {
          round += 1;
          const where = path.join(dir(), `case-${round}`);
          mkdirSync(where);
          // mkdir is only called for missing directories.
          const file = path.join(where, step.syscall === 'mkdir' ? 'sub/deeper/out.bin' : 'out.bin');
          if (replace && step.syscall !== 'mkdir') writeFileSync(file, 'old');
          inject({ syscall: step.syscall, code, under: where, afterBytes: step.afterBytes });
          const error = caught(() => {
            writeFileAtomic(file, chunks(), { replace });
          });
          Object.assign(writeSyscalls, real);

          expect(error, code).toBeInstanceOf(WriteError);
          const writeError = error as WriteError;
          expect(writeError.file).toBe(file);
          expect(writeError.code).toBe(code);
          expect(writeError.stage).toBe(step.stage);
          expect(writeError.published).toBe(step.published);
          expect(writeError.message).toContain(file);
          expect(writeError.message).toContain(fsReason(code, path.dirname(file)));
          expect(writeError.message).not.toContain('\n');

          const finalDir = path.dirname(file);
          if (step.published) expect(readFileSync(file)).toEqual(CONTENT);
          else if (replace && step.syscall !== 'mkdir') expect(readFileSync(file, 'utf8'), code).toBe('old');
          else
            expect(
              readdirSync(where).filter((name) => !isTempFileName(name)),
              code,
            ).toEqual([]);
          // A failed unlink leaves the second name of a complete file, marked as a temp file; nothing else leaves one.
          if (step.syscall === 'unlink') expect(tempFiles(finalDir)).toHaveLength(1);
          else if (step.syscall !== 'mkdir') expect(tempFiles(finalDir), code).toEqual([]);
          rmSync(where, { recursive: true });
        }
      });
    }
  }

  it('continues short writes until every byte is written', () => {
    for (const maxBytesPerWrite of [1, 7, 4095]) {
      const file = path.join(dir(), `short-${maxBytesPerWrite}.bin`);
      inject({ syscall: 'write', under: dir(), maxBytesPerWrite });
      writeFileAtomic(file, CONTENT, { replace: true });
      Object.assign(writeSyscalls, real);
      expect(readFileSync(file)).toEqual(CONTENT);
    }
    expect(tempFiles(dir())).toEqual([]);
  });

  it('calls a write that takes no byte and reports no error an I/O error, not a success or an endless loop', () => {
    const file = path.join(dir(), 'zero.bin');
    inject({ syscall: 'write', under: dir(), maxBytesPerWrite: 0 });
    const error = caught(() => {
      writeFileAtomic(file, 'text', { replace: true });
    });
    expect(error).toBeInstanceOf(WriteError);
    expect((error as WriteError).code).toBe('EIO');
    expect(readdirSync(dir())).not.toContain('zero.bin');
    expect(tempFiles(dir())).toEqual([]);
  });

  it('removes its temp file when the content itself fails, and lets that error through', () => {
    function* failing(): Generator<Uint8Array> {
      yield CONTENT;
      throw new Error('content failed');
    }
    const file = path.join(dir(), 'failing.bin');
    expect(() => {
      writeFileAtomic(file, failing() as FileContent, { replace: true });
    }).toThrow('content failed');
    expect(readdirSync(dir())).not.toContain('failing.bin');
    expect(tempFiles(dir())).toEqual([]);
  });

  it('never replaces an existing file when asked for a new name', () => {
    const file = path.join(dir(), 'taken.bin');
    writeFileSync(file, 'first');
    const error = caught(() => {
      writeFileAtomic(file, CONTENT, { replace: false });
    });
    expect((error as WriteError).code).toBe('EEXIST');
    expect((error as WriteError).stage).toBe('publish');
    expect(readFileSync(file, 'utf8')).toBe('first');
    expect(tempFiles(dir())).toEqual([]);
  });

  it('creates its temp file exclusively (a planted symbolic link is never followed)', () => {
    const flags: number[] = [];
    Object.assign(writeSyscalls, {
      open: (file: string, flag: number, mode: number) => {
        flags.push(flag);
        return real.open(file, flag, mode);
      },
    });
    writeFileAtomic(path.join(dir(), 'exclusive.bin'), 'x', { replace: true });
    Object.assign(writeSyscalls, real);
    // The temp file's open, then the directory's (for its fsync).
    expect(flags[0]! & (constants.O_CREAT | constants.O_EXCL)).toBe(constants.O_CREAT | constants.O_EXCL);
  });
});

requires(needsTmpfsMounts()).describe('writeFileAtomic on a tmpfs that fills up', () => {
  const mountRoot = useMountRoot();
  const big = Buffer.alloc(64 * 1024, 7);

  for (const [what, freeBytes] of [
    ['at the first byte', 0],
    ['part-way', 8192],
  ] as const) {
    it(`reports ENOSPC ${what}, removes the partial temp file and gives its space back`, () => {
      const fs = mountTmpfs(mountRoot(), 'full', { sizeBytes: 256 * 1024 });
      fillTo(fs, freeBytes);
      for (const replace of [true, false]) {
        const file = path.join(fs, 'big.bin');
        let writtenBytes = 0;
        Object.assign(writeSyscalls, {
          write: (fd: number, buffer: Uint8Array, offset: number, length: number) => {
            const written = real.write(fd, buffer, offset, length);
            writtenBytes += written;
            return written;
          },
        });
        const error = caught(() => {
          writeFileAtomic(file, big, { replace });
        });
        Object.assign(writeSyscalls, real);
        // The kernel took what fitted (a short write), then refused the rest.
        expect(writtenBytes).toBe(freeBytes);
        expect(error).toBeInstanceOf(WriteError);
        expect((error as WriteError).message).toBe(`cannot write ${file}: no space left on the filesystem of ${fs} (ENOSPC)`);
        expect(readdirSync(fs)).toEqual(['filler']);
        const { bavail, bsize } = statfsSync(fs);
        expect(bavail * bsize).toBe(freeBytes);
      }
    });
  }
});
