// Shared test helpers: temporary files the tests make themselves (never the machine's disks),
// and running the built CLI.
import { createHash } from 'node:crypto';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

import type { MachineInputs } from '../ts/env/index.js';
import type { NativeTimer } from '../ts/native.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cliPath = path.join(root, 'dist', 'cli.js');

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mintbench-test-'));
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Content where every 8-byte word holds its own byte offset times an odd constant: any misplaced read shows. */
export function patternBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let offset = 0; offset + 8 <= length; offset += 8) {
    bytes.writeBigUInt64LE((BigInt(offset) * 0x9e3779b97f4a7c15n + 1n) & ((1n << 64n) - 1n), offset);
  }
  return bytes;
}

export function writePatternFile(dir: string, length: number, name = 'target.bin'): { file: string; content: Buffer } {
  const file = path.join(dir, name);
  const content = patternBytes(length);
  writeFileSync(file, content);
  return { file, content };
}

/** A temporary directory holding a pattern file of `bytes`, made before a test file's tests and removed after them. */
export function useTempTarget(bytes: number): { readonly dir: string; readonly file: string; readonly content: Buffer } {
  let made: { dir: string; cleanup: () => void; file: string; content: Buffer } | undefined;
  beforeAll(() => {
    const { dir, cleanup } = tempDir();
    made = { dir, cleanup, ...writePatternFile(dir, bytes) };
  });
  afterAll(() => {
    made?.cleanup();
  });
  const get = () => {
    if (!made) throw new Error('useTempTarget: read only inside tests');
    return made;
  };
  return {
    get dir() {
      return get().dir;
    },
    get file() {
      return get().file;
    },
    get content() {
      return get().content;
    },
  };
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** runCli() without blocking, so that several runs can share the machine's cores. */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 }, (_error, stdout, stderr) => {
      resolve({ status: child.exitCode, stdout, stderr });
    });
  });
}

/** Smallest value: the repetition least disturbed by the rest of the machine. */
export function fastest(values: readonly number[]): number {
  return Math.min(...values);
}

/** Why loop-device tests cannot run here, or undefined when they can (root, losetup, /dev/loop-control). */
export function loopDeviceSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to attach a loop device';
  if (!existsSync('/dev/loop-control')) return 'no /dev/loop-control (loop module missing)';
  try {
    execFileSync('losetup', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'losetup is not installed (util-linux / mount package)';
  }
  return undefined;
}

/**
 * Attaches `file` as a READ-ONLY loop device (the kernel refuses any write to it) and passes its
 * path to `use`; always detaches afterwards. Never touches a device the test did not create.
 */
export async function withReadOnlyLoopDevice<T>(file: string, use: (device: string) => Promise<T> | T): Promise<T> {
  const device = execFileSync('losetup', ['--find', '--show', '--read-only', file], { encoding: 'utf8' }).trim();
  try {
    return await use(device);
  } finally {
    execFileSync('losetup', ['--detach', device]);
  }
}

/** A machine's recorded (or composed) inputs from test/fixtures/env/<name>.json; CPUID registers may be hex strings. */
export function loadEnvFixture(name: string): { inputs: MachineInputs; timer: NativeTimer } {
  type Registers = Record<'eax' | 'ebx' | 'ecx' | 'edx', string | number>;
  const raw = JSON.parse(readFileSync(path.join(root, 'test', 'fixtures', 'env', `${name}.json`), 'utf8')) as {
    arch: string;
    cpuid: Record<string, Registers> | null;
    files: Record<string, string>;
    timer: NativeTimer;
  };
  const cpuid = raw.cpuid === null ? null : Object.fromEntries(
    Object.entries(raw.cpuid).map(([leaf, regs]) => [leaf, { eax: Number(regs.eax), ebx: Number(regs.ebx), ecx: Number(regs.ecx), edx: Number(regs.edx) }]),
  );
  return { inputs: { arch: raw.arch, cpuid, files: raw.files }, timer: raw.timer };
}

/** For one test file: a temporary directory with a pattern file of `bytes`, made before all tests, removed after. */
export function usePatternFile(bytes: number): { dir: string; file: string } {
  const made = { dir: '', file: '' };
  let cleanup = (): void => undefined;
  beforeAll(() => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    made.dir = temp.dir;
    made.file = writePatternFile(temp.dir, bytes).file;
  });
  afterAll(() => {
    cleanup();
  });
  return made;
}
