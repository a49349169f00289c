// Every write path of the command line × every fault, in the manner of SQLite's I/O-error tests: the
// result record (a run), the CSV (export), the SVG, PNG and Vega-Lite JSON (plot), the report's
// files, the scratch file (io without --device) and the guest kit (guest build), each against ENOSPC at the first byte, ENOSPC
// part-way, EACCES, EROFS and EIO. Each fault is met twice where it can be: for real (a full or read-only tmpfs the test mounts,
// a directory the user nobody may not write), which the up-front checks catch where they can; and
// injected into the writer's system calls (fault-preload.mjs), which strikes after every check, as a
// disk that fills up or fails during a run does. Either way: exit 1 or 2, one line naming the path
// and the cause, no stack trace, no temp file, no file under a final name unless whole, and for runs
// the repetitions on stdout and the record where the message says.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { isTempFileName } from '../ts/base/atomic-write.js';
import { SCRATCH_BYTES } from '../ts/measure/scratch.js';
import { parseRecord } from '../ts/results/record.js';
import { readRecord, writeRecord } from '../ts/results/store.js';
import type { Fault } from './helpers/fault-syscalls.mjs';
import { faultEnv, runCli, type CliResult } from './helpers/cli.js';
import { syntheticRecord } from './helpers/fixtures.js';
import { guestSkipReason } from './helpers/guests.js';
import { AS_NOBODY, fillTo, mountSkipReason, mountTmpfs, useMountRoot } from './helpers/mounts.js';

const K = 1024;
const MiB = 1024 * K;
const RUN_REPETITIONS = 100;
/** The guest kit's cases fetch and unpack a kernel package: seconds alone, a minute on a loaded machine. */
const CASE_TIMEOUT_MS = 180_000;

interface WritePath {
  name: string;
  /** The command that writes into `dir`, and MINTBENCH_CACHE (`cache`, where a run's record goes if `dir` fails it, unless `dir` is the cache). */
  command(dir: string, cache: string): { args: string[]; env: NodeJS.ProcessEnv };
  /** True for a run command: the repetitions must reach stdout, and the record a file. */
  measures: boolean;
  /** True when it checks free space up front (for a file of known size): a full disk is then refused, exit 2. */
  checksFreeSpace: boolean;
  /** True when it writes one file of hundreds of MiB in 8 MiB chunks (the scratch file): a part-way fault strikes in its second chunk. */
  chunked: boolean;
  /** Throws unless `file` is complete and valid. */
  check(file: string): void;
}

let mountRoot: () => string;
let results: string;
let reference: string;
let scratchOut: string;

function freshDir(parent: string, name: string, mode = 0o755): string {
  const dir = mkdtempSync(path.join(parent, `${name}-`));
  chmodSync(dir, mode);
  return dir;
}

const WRITE_PATHS: WritePath[] = [
  {
    name: 'result record',
    command: (dir, cache) => ({
      // 100 repetitions make the record larger than the 8 KiB a part-way fault leaves; --per-rep prints each of them.
      args: ['cpu', '--iterations', '1000', '--reps', String(RUN_REPETITIONS), '--warmup', '0', '--per-rep', '--quiet', '--out', dir],
      env: { MINTBENCH_CACHE: cache },
    }),
    measures: true,
    checksFreeSpace: false,
    chunked: false,
    check: (file) => {
      expect(readRecord(file).runs[0]!.series[0]!.repetitions).toHaveLength(RUN_REPETITIONS);
    },
  },
  {
    name: 'CSV',
    command: (dir, cache) => ({ args: ['export', results, '--csv', path.join(dir, 'out.csv')], env: { MINTBENCH_CACHE: cache } }),
    measures: false,
    checksFreeSpace: false,
    chunked: false,
    check: (file) => {
      expect(readFileSync(file, 'utf8')).toBe(readFileSync(path.join(reference, 'csv', 'out.csv'), 'utf8'));
    },
  },
  {
    name: 'SVG',
    command: (dir, cache) => ({ args: ['plot', results, '--out', dir], env: { MINTBENCH_CACHE: cache } }),
    measures: false,
    checksFreeSpace: false,
    chunked: false,
    check: (file) => {
      expect(readFileSync(file, 'utf8')).toBe(readFileSync(path.join(reference, 'svg', path.basename(file)), 'utf8'));
    },
  },
  {
    name: 'Vega-Lite JSON',
    command: (dir, cache) => ({ args: ['plot', results, '--out', dir, '--format', 'vega-lite'], env: { MINTBENCH_CACHE: cache } }),
    measures: false,
    checksFreeSpace: false,
    chunked: false,
    check: (file) => {
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(
        JSON.parse(readFileSync(path.join(reference, 'vl', path.basename(file)), 'utf8')),
      );
    },
  },
  {
    name: 'PNG',
    command: (dir, cache) => ({ args: ['plot', results, '--out', dir, '--format', 'png'], env: { MINTBENCH_CACHE: cache } }),
    measures: false,
    checksFreeSpace: false,
    chunked: false,
    check: (file) => {
      expect(readFileSync(file)).toEqual(readFileSync(path.join(reference, 'png', path.basename(file))));
    },
  },
  {
    name: 'report',
    command: (dir, cache) => ({ args: ['report', results, '--out', dir], env: { MINTBENCH_CACHE: cache } }),
    measures: false,
    checksFreeSpace: false,
    chunked: false,
    check: (file) => {
      expect(readFileSync(file)).toEqual(readFileSync(path.join(reference, 'report', path.basename(file))));
    },
  },
  {
    name: 'scratch file',
    command: (dir) => ({
      args: ['io', '--iterations', '2', '--reps', '1', '--warmup', '0', '--sizes', '4K', '--quiet', '--out', scratchOut],
      env: { MINTBENCH_CACHE: dir },
    }),
    measures: false,
    checksFreeSpace: true,
    chunked: true,
    check: (file) => {
      throw new Error(`no scratch file may be complete after a fault, yet ${file} is there`);
    },
  },
];

/** The guest kit: Debian's kernel package fetched and unpacked, then the kernel, initramfs and kit.json written. */
const GUEST_KIT: WritePath = {
  name: 'guest kit',
  command: (dir) => ({ args: ['guest', 'build'], env: { MINTBENCH_CACHE: dir } }),
  measures: false,
  checksFreeSpace: true,
  chunked: false,
  check: (file) => {
    // Only the kits' directory may be there, empty: no kit, no build left behind.
    if (!statSync(file).isDirectory() || readdirSync(file).length > 0) {
      throw new Error(`no part of a guest kit may be left after a fault, yet ${file} is there`);
    }
  },
};
// Each injected case fetches the kernel package (about 70 MB) from the Debian mirror: only where guests run.
if (guestSkipReason === undefined) WRITE_PATHS.push(GUEST_KIT);

/**
 * How a fault is met for real (a prepared directory, a command prefix, and whether the up-front
 * checks can see it), and how it is injected.
 */
interface FaultCase {
  name: string;
  /** What the one-line message must say. */
  cause: RegExp;
  real?: { dir: () => string; prefix?: readonly string[]; seenUpFront: 'always' | 'by a free-space check' };
  /** The injected fault (`under` is filled in); for a chunked file (the scratch file's 512 MiB, in 8 MiB chunks) part-way is in its second chunk. */
  inject: (chunked: boolean) => Omit<Fault, 'under'>;
}

let full: string;
let nearlyFull: string;
let readOnly: string;
let roomy: string;

const FAULTS: FaultCase[] = [
  {
    name: 'ENOSPC at the first byte',
    cause: /no space left on the filesystem of .* \(ENOSPC\)|its filesystem has 0 B free/,
    real: { dir: () => freshDir(full, 'case'), seenUpFront: 'by a free-space check' },
    inject: () => ({ syscall: 'write', code: 'ENOSPC', afterBytes: 0 }),
  },
  {
    name: 'ENOSPC part-way',
    cause: /no space left on the filesystem of .* \(ENOSPC\)|its filesystem has [\d.]+ KiB free/,
    real: { dir: () => freshDir(nearlyFull, 'case'), seenUpFront: 'by a free-space check' },
    inject: (chunked) => ({ syscall: 'write', code: 'ENOSPC', afterBytes: chunked ? 8 * MiB + 5000 : 100 }),
  },
  {
    name: 'EACCES',
    cause: /permission denied: this user may not create files in .* \(EACCES\)/,
    // A directory of root's, 0755: the user nobody may not create files in it.
    real: { dir: () => freshDir(roomy, 'case'), prefix: AS_NOBODY, seenUpFront: 'always' },
    inject: () => ({ syscall: 'open', code: 'EACCES' }),
  },
  {
    name: 'EROFS',
    cause: /is on a read-only filesystem \(EROFS\)/,
    real: { dir: () => readOnly, seenUpFront: 'always' },
    inject: () => ({ syscall: 'open', code: 'EROFS' }),
  },
  {
    name: 'EIO',
    cause: /input\/output error on the filesystem of .* \(EIO\)/,
    // The scratch file would be whole before its fsync: it meets EIO in a write.
    inject: (chunked) => (chunked ? { syscall: 'write', code: 'EIO', afterBytes: 8 * MiB + 5000 } : { syscall: 'fsync', code: 'EIO' }),
  },
];

/** Every file and directory under `dir`, by relative path. */
function listed(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
}

/**
 * What every faulted write must show: exit 1 or 2; exactly one "mintbench:" line naming the path and
 * the cause, no stack trace; no temp file in the output directory or the cache; every file left
 * under a final name complete; and for a run, the repetitions on stdout and the record (in the
 * fallback the message names, or as JSON on stderr) or, refused up front, no repetition at all.
 */
function expectCleanFailure(result: CliResult, writePath: WritePath, fault: FaultCase, dir: string, cache: string): void {
  const context = `${writePath.name} × ${fault.name}: ${result.stderr}`;
  expect([1, 2], context).toContain(result.status);
  const lines = result.stderr.split('\n').filter((line) => line.startsWith('mintbench:'));
  expect(lines, context).toHaveLength(1);
  const message = lines[0]!;
  expect(message, context).toMatch(fault.cause);
  expect(message, context).toContain(dir);
  expect(result.stderr, context).not.toMatch(/^\s+at /m);

  for (const where of [dir, cache])
    expect(
      listed(where).filter((name) => isTempFileName(path.basename(name))),
      context,
    ).toEqual([]);
  for (const name of listed(dir)) writePath.check(path.join(dir, name));

  if (!writePath.measures) return;
  if (result.status === 2) {
    // Refused before the first repetition.
    expect(result.stdout, context).toBe('');
    return;
  }
  // Printed before saving: every repetition, then where the record went instead.
  expect(result.stdout, context).toMatch(new RegExp(`^\\s+${RUN_REPETITIONS}\\s+(\\d+)\\s+\\d+\\.\\d{9}\\s`, 'm'));
  const firstTicks = Number(/^\s+1\s+(\d+)\s+\d+\.\d{9}\s/m.exec(result.stdout)?.[1]);
  const saved = /the record was saved to (\S+) instead$/.exec(message)?.[1];
  expect(saved, context).toBeDefined();
  expect(saved!.startsWith(path.join(cache, 'unsaved'))).toBe(true);
  const record = readRecord(saved!);
  expect(record.runs[0]!.series[0]!.repetitions).toHaveLength(RUN_REPETITIONS);
  expect(record.runs[0]!.series[0]!.repetitions[0]!.ticks).toBe(firstTicks);
}

const skip = mountSkipReason();
describe.skipIf(skip !== undefined)(`every write path × every fault${skip ? ` (skipped: ${skip})` : ''}`, () => {
  mountRoot = useMountRoot();

  beforeAll(() => {
    const base = mountRoot();
    // The result files export and plot read: on the test run's disk directory, readable by nobody.
    results = freshDir(base, 'results');
    for (const [label, factor] of [
      ['1', 1],
      ['4', 1.2],
    ] as const) {
      const seconds = Array.from({ length: 200 }, (_, i) => (0.01 + i * 1e-5) * factor);
      writeRecord(
        syntheticRecord(label, [
          { workload: 'cpu', sizeBytes: null, seconds },
          { workload: 'mem', sizeBytes: 256 * K, seconds },
          { workload: 'io', sizeBytes: 256 * K, seconds },
        ]),
        results,
      );
    }
    for (const file of readdirSync(results)) chmodSync(path.join(results, file), 0o644);
    // What each write path writes when nothing fails: a file left after a fault must equal it.
    reference = freshDir(base, 'reference');
    expect(runCli(['export', results, '--csv', path.join(reference, 'csv', 'out.csv')]).status).toBe(0);
    expect(runCli(['plot', results, '--out', path.join(reference, 'svg')]).status).toBe(0);
    expect(runCli(['plot', results, '--out', path.join(reference, 'vl'), '--format', 'vega-lite']).status).toBe(0);
    expect(runCli(['plot', results, '--out', path.join(reference, 'png'), '--format', 'png']).status).toBe(0);
    expect(runCli(['report', results, '--out', path.join(reference, 'report')]).status).toBe(0);
    // The io run's record goes where nobody may write too.
    scratchOut = freshDir(base, 'scratch-out', 0o777);

    full = mountTmpfs(base, 'full', { sizeBytes: 256 * K });
    nearlyFull = mountTmpfs(base, 'nearly-full', { sizeBytes: 256 * K });
    readOnly = mountTmpfs(base, 'read-only', { sizeBytes: 64 * K, readOnly: true });
    // Room for the scratch file's free-space check; only what is written before a fault takes memory.
    roomy = mountTmpfs(base, 'roomy', { sizeBytes: SCRATCH_BYTES + 64 * MiB });
    chmodSync(roomy, 0o777);
    // Directories take no block on a tmpfs: the cases make theirs in the full ones.
    fillTo(full, 0);
    fillTo(nearlyFull, 8 * K);
  });

  for (const writePath of WRITE_PATHS) {
    describe(writePath.name, () => {
      for (const fault of FAULTS) {
        const { real } = fault;
        const upFront = real?.seenUpFront === 'always' || (real?.seenUpFront === 'by a free-space check' && writePath.checksFreeSpace);
        if (real !== undefined) {
          it(
            `${fault.name}, for real (${upFront ? 'refused up front' : 'when writing'})`,
            () => {
              const dir = real.dir();
              // A fresh cache the user nobody may write in too, for a run's fallback.
              const cache = freshDir(roomy, 'cache', 0o777);
              try {
                const { args, env } = writePath.command(dir, cache);
                const result = runCli(args, env, real.prefix);
                expectCleanFailure(result, writePath, fault, dir, cache);
                expect(result.status).toBe(upFront ? 2 : 1);
              } finally {
                // Whatever a case wrote would take the next one's free space.
                if (dir !== readOnly) rmSync(dir, { recursive: true, force: true });
              }
            },
            CASE_TIMEOUT_MS,
          );
        }
        // Where the real fault is seen only when writing, injecting it again would test nothing new.
        if (real === undefined || upFront) {
          it(
            `${fault.name}, injected after the checks`,
            () => {
              const dir = freshDir(roomy, 'case');
              const cache = freshDir(roomy, 'cache');
              const { args, env } = writePath.command(dir, cache);
              const result = runCli(args, { ...env, ...faultEnv({ ...fault.inject(writePath.chunked), under: dir }) });
              expectCleanFailure(result, writePath, fault, dir, cache);
              expect(result.status).toBe(1);
              rmSync(dir, { recursive: true, force: true });
            },
            CASE_TIMEOUT_MS,
          );
        }
      }
    });
  }

  it('a run whose fallback fails too prints the whole record as JSON on stderr, and says so', () => {
    const dir = freshDir(roomy, 'case');
    const { args, env } = WRITE_PATHS[0]!.command(dir, readOnly);
    const result = runCli(args, { ...env, ...faultEnv({ syscall: 'fsync', code: 'EIO', under: dir }) });
    expect(result.status).toBe(1);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('mintbench:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^mintbench: cannot write ${dir}/\\S+\\.json: input/output error .*\\(EIO\\); nor into ${readOnly}/unsaved: ${readOnly}/unsaved is on a read-only filesystem \\(EROFS\\); the whole record is printed above on stderr as JSON`,
      ),
    );
    const json = result.stderr.slice(result.stderr.indexOf('{\n  "schema"'), result.stderr.lastIndexOf('\n}\n') + 2);
    const record = parseRecord(JSON.parse(json));
    expect(record.runs[0]!.series[0]!.repetitions).toHaveLength(RUN_REPETITIONS);
    expect(result.stdout).toMatch(new RegExp(`^\\s+${RUN_REPETITIONS}\\s+\\d+\\s+\\d+\\.\\d{9}\\s`, 'm'));
    expect(listed(dir)).toEqual([]);
  });
});
