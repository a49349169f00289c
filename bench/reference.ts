// The plain C reference (bench/reference.c): built with `cc -O2` into a directory of the caller's,
// run as a separate process, its JSON read back. Never linked with the addon.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference.c');

/** Compiles the reference into `dir` and returns the program's path. Warnings are errors. */
export function buildReference(dir: string): string {
  const program = path.join(dir, 'mintbench-reference');
  execFileSync('cc', ['-std=c11', '-O2', '-Wall', '-Wextra', '-Wpedantic', '-Werror', '-o', program, SOURCE], { stdio: 'pipe' });
  return program;
}

export interface ReferenceRun {
  /** Every repetition's ticks, in order. */
  ticks: number[];
}

export interface ReferenceReads extends ReferenceRun {
  /** Every read's offset, repetition after repetition. */
  offsets: number[];
  /** Fingerprint of each repetition's last read, as the addon reports readFingerprints. */
  readFingerprints: string[];
}

export interface ReferenceTimer {
  /** Minimum ticks over 100,000 empty regions, measured as native/clock.cc does. */
  overheadTicks: number;
  /** Mean nanoseconds per clock_gettime(CLOCK_MONOTONIC) over a million calls. */
  clockGettimeNs: number;
}

/** The command lines of the reference's modes (see bench/reference.c). */
export const referenceArguments = {
  cpu: (increments: number, repetitions: number) => ['cpu', String(increments), String(repetitions)],
  mem: (bytes: number, copies: number, repetitions: number) => ['mem', String(bytes), String(copies), String(repetitions)],
  io: (file: string, readBytes: number, reads: number, repetitions: number, seed: number) => [
    'io',
    file,
    String(readBytes),
    String(reads),
    String(repetitions),
    String(seed),
  ],
  timer: () => ['timer'],
};

function run(program: string, args: string[]): unknown {
  return JSON.parse(execFileSync(program, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

/** `repetitions` regions of `increments` register increments each. */
export function referenceCpu(program: string, increments: number, repetitions: number): ReferenceRun {
  return run(program, referenceArguments.cpu(increments, repetitions)) as ReferenceRun;
}

/** `repetitions` regions of `copies` memcpy calls of `bytes` each; the program checks the copy. */
export function referenceMem(program: string, bytes: number, copies: number, repetitions: number): ReferenceRun {
  return run(program, referenceArguments.mem(bytes, copies, repetitions)) as ReferenceRun;
}

/** `repetitions` regions of `reads` O_DIRECT lseek()+read() of `readBytes` at offsets drawn from `seed`. */
export function referenceIo(
  program: string,
  file: string,
  readBytes: number,
  reads: number,
  repetitions: number,
  seed: number,
): ReferenceReads {
  return run(program, referenceArguments.io(file, readBytes, reads, repetitions, seed)) as ReferenceReads;
}

export function referenceTimer(program: string): ReferenceTimer {
  return run(program, referenceArguments.timer()) as ReferenceTimer;
}
