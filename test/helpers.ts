// Shared test helpers: temporary files the tests make themselves (never the machine's disks),
// and running the built CLI.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
