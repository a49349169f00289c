// Shared test helpers: temporary files the tests make themselves (never the machine's disks),
// and running the built CLI.
import { createHash } from 'node:crypto';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

import { resolveConfiguration } from '../ts/results/configs.js';
import type { MachineInputs } from '../ts/env/index.js';
import { addonPath, type NativeTimer } from '../ts/measure/native.js';
import { buildRecord, type ResultRecord } from '../ts/results/record.js';
import { summarize } from '../ts/stats/summary.js';

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

/** Where CLI runs started by tests work (see test/global-setup.ts): their default results/ lands there. */
export function cliCwd(): string {
  return process.env.MINTBENCH_TEST_CWD ?? os.tmpdir();
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    cwd: cliCwd(),
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** runCli() without blocking, so that several runs can share the machine's cores. */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cliPath, ...args],
      { encoding: 'utf8', cwd: cliCwd(), env: { ...process.env, ...env }, timeout: 120_000 },
      (_error, stdout, stderr) => {
        resolve({ status: child.exitCode, stdout, stderr });
      },
    );
  });
}

/** Smallest value: the repetition least disturbed by the rest of the machine. */
export function fastest(values: readonly number[]): number {
  return Math.min(...values);
}

/**
 * How many times the ticks grow when the work doubles: the median over `pairs` of the ratio
 * double / single, each pair measured back to back. This machine is a VM whose core speed swings
 * by 2× within a second and whose other tenants preempt it: a pair shares its moment, and the
 * median ignores the pairs a preemption hit.
 */
export async function doublingRatio(ticksFor: (scale: 1 | 2) => Promise<number>, pairs = 60): Promise<number> {
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i += 1) {
    const single = await ticksFor(1);
    ratios.push((await ticksFor(2)) / single);
  }
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(pairs / 2)]!;
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
  const cpuid =
    raw.cpuid === null
      ? null
      : Object.fromEntries(
          Object.entries(raw.cpuid).map(([leaf, regs]) => [
            leaf,
            { eax: Number(regs.eax), ebx: Number(regs.ebx), ecx: Number(regs.ecx), edx: Number(regs.edx) },
          ]),
        );
  return { inputs: { arch: raw.arch, cpuid, files: raw.files }, timer: raw.timer };
}

/** A result record with given seconds per workload series, as a run would write it (timer at 1 GHz). */
export function syntheticRecord(
  label: string,
  series: { workload: 'cpu' | 'mem' | 'io'; sizeBytes: number | null; seconds: number[] }[],
  extra: { instance?: string; note?: string; interrupted?: boolean } = {},
): ResultRecord {
  const hz = 1e9;
  const timer = {
    source: 'tsc',
    closing: 'rdtscp; lfence',
    hz,
    architecturalHz: 0,
    calibrationSeconds: 0.15,
    calibrationR2: 1,
    calibrationSamples: 600,
    calibrationSamplesKept: 600,
    overheadTicks: 30,
  };
  const ratios = {
    cpu: { reads: 0, increments: 1, copies: 0 },
    mem: { reads: 0, increments: 0, copies: 1 },
    io: { reads: 1, increments: 0, copies: 0 },
  };
  const counts = { cpu: { increments: 1000 }, mem: { copies: 10 }, io: { reads: 4, direct: true } };
  const runs = series.map(({ workload, sizeBytes, seconds }) => {
    const repetitions = seconds.map((s) => ({ ticks: Math.round(s * hz), seconds: s, cpuStart: 0, cpuEnd: 0, migrated: false }));
    return {
      workload,
      parameters: { repetitions: seconds.length, warmup: 0, ratio: ratios[workload], ...counts[workload] },
      timer,
      series: [{ workload, sizeBytes, repetitions, warmup: [], summary: summarize(seconds) }],
      stopped: extra.interrupted ?? false,
    };
  });
  const configuration = { ...resolveConfiguration({ config: label, instance: extra.instance, note: extra.note }) };
  return buildRecord({
    command: 'suite',
    startedAt: '2026-01-02T03:04:05.678Z',
    finishedAt: '2026-01-02T03:04:15.678Z',
    configuration,
    environment: {
      hostname: 'host-one',
      cpuModel: 'Test CPU',
      logicalCpus: 2,
      kernelRelease: '6.1.0',
      platform: 'linux',
      arch: 'x64',
      nodeVersion: 'v20.20.0',
      timerSource: 'tsc',
      tscHz: hz,
      timerOverheadTicks: 30,
      timerOverheadSeconds: 30 / hz,
    },
    runs,
    interrupted: extra.interrupted ?? false,
  });
}

/**
 * Runs `body` (an async function body that has `addon` in scope and returns a JSON-able value) in a
 * fresh Node process, with extra environment and behind an optional command prefix (e.g. taskset).
 */
export function runAddonInChild(body: string, options: { env?: NodeJS.ProcessEnv; prefix?: string[] } = {}): unknown {
  const script = `const addon = (await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(addonPath)});
const value = await (async () => { ${body} })();
process.stdout.write(JSON.stringify(value));`;
  const [command, ...args] = [...(options.prefix ?? []), process.execPath, '--input-type=module', '-e', script];
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...options.env }, timeout: 120_000 });
  if (result.status !== 0) throw new Error(`child exited ${String(result.status ?? result.signal)}: ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown;
}
