// mintbench never writes to what it reads. Three proofs, on a file and on a loop device this test
// attaches read-only (so that even a bug could not write to it): every I/O mode leaves the bytes
// and the modification time unchanged, and strace shows that every system call naming the target
// opens it O_RDONLY or only looks at it.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { runIo } from '../ts/measure/run.js';
import { cliCwd, cliPath } from './helpers/cli.js';
import { sha256File, useTempTarget } from './helpers/files.js';
import { needsLoopDevice, withReadOnlyLoopDevice } from './helpers/loop-device.js';
import { requires } from './helpers/requires.js';
import { needsStrace } from './helpers/strace.js';

const TARGET_BYTES = 8 * 1024 * 1024;
const target = useTempTarget(TARGET_BYTES);

/** Every I/O mode: O_DIRECT and buffered, small to large reads, several seeds. */
const MODES = [true, false].flatMap((direct) => [1, 99, 2_013].map((seed) => ({ direct, seed })));
const SIZES = [4096, 64 * 1024, 1024 * 1024];

/** Bytes and times that any write, even of the same bytes, would change. */
function fingerprint(file: string): { sha256: string; mtimeNs: bigint; ctimeNs: bigint } {
  const stats = statSync(file, { bigint: true });
  return { sha256: sha256File(file), mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs };
}

async function runEveryMode(device: string): Promise<void> {
  for (const { direct, seed } of MODES) {
    const run = await runIo({ device, sizes: SIZES, reads: 8, repetitions: 2, warmup: 1, seed, buffered: !direct });
    expect(run.series.map((series) => series.repetitions.length)).toEqual([2, 2, 2]);
  }
}

/** strace options: follow threads, quiet, filter in the kernel, every call that takes a path (open, truncate, rename, chmod, utimensat...). */
const STRACE = ['-f', '-qq', '--seccomp-bpf', '-e', 'trace=%file'];

const strace = needsStrace(STRACE);

/** System calls that name `device` while the CLI reads it, one line each as strace prints them. */
function tracedCalls(device: string, extraArgs: string[]): string[] {
  const log = path.join(target.dir, `strace-${process.hrtime.bigint()}.log`);
  const run = spawnSync(
    'strace',
    [
      ...STRACE,
      '-o',
      log,
      process.execPath,
      cliPath,
      'io',
      '--device',
      device,
      '--sizes',
      '4K,1M',
      '--iterations',
      '4',
      '--reps',
      '1',
      ...extraArgs,
    ],
    { encoding: 'utf8', cwd: cliCwd() },
  );
  expect(run.status, run.stderr).toBe(0);
  // execve names it too, as an argument of the command line itself.
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.includes(`"${device}"`) && !/^\d+\s+execve\(/.test(line));
}

/** Calls that may name the target: opening it read-only, or looking at it. */
const HARMLESS =
  /^\d+\s+(openat\(AT_FDCWD, "[^"]+", O_RDONLY(\|O_[A-Z]+)*\)|open\("[^"]+", O_RDONLY(\|O_[A-Z]+)*\)|(newfstatat|statx|stat|lstat|access|faccessat2?|readlink(at)?)\()/;

function expectOnlyReadOnlyCalls(device: string): void {
  for (const extra of [[], ['--buffered']]) {
    const calls = tracedCalls(device, extra);
    // At least the pre-check's open and one per size from the addon.
    expect(calls.filter((line) => /\bopen(at)?\(/.test(line)).length).toBeGreaterThanOrEqual(3);
    for (const line of calls) {
      expect(line).toMatch(HARMLESS);
      expect(line).not.toMatch(/O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/);
    }
    if (extra.length === 0) expect(calls.some((line) => line.includes('O_DIRECT'))).toBe(true);
  }
}

describe('read-only, provably', () => {
  it('leaves a file byte-for-byte and time-for-time unchanged through every I/O mode', async () => {
    const before = fingerprint(target.file);
    await runEveryMode(target.file);
    expect(fingerprint(target.file)).toEqual(before);
  });

  requires(strace).it('opens a file only O_RDONLY, as strace sees every path it names', () => {
    const before = fingerprint(target.file);
    expectOnlyReadOnlyCalls(target.file);
    expect(fingerprint(target.file)).toEqual(before);
  });

  requires(needsLoopDevice(), strace).it('leaves a read-only loop device and its file unchanged, opening it only O_RDONLY', async () => {
    const before = fingerprint(target.file);
    await withReadOnlyLoopDevice(target.file, async (device) => {
      const deviceBefore = sha256File(device);
      expect(deviceBefore).toBe(before.sha256);
      await runEveryMode(device);
      expectOnlyReadOnlyCalls(device);
      expect(sha256File(device)).toBe(deviceBefore);
    });
    expect(fingerprint(target.file)).toEqual(before);
  });
});
