// Running the built CLI, in a scratch working directory (see test/global-setup.ts).
import { execFile, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

import type { Fault } from './fault-syscalls.mjs';
import { root } from './files.js';

export const cliPath = path.join(root, 'dist', 'cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Where CLI runs started by tests work (see test/global-setup.ts): their default results/ lands there. */
export function cliCwd(): string {
  return process.env.MINTBENCH_TEST_CWD ?? os.tmpdir();
}

/** runCli()'s environment to make the CLI's writer fail as `fault` says (see fault-preload.mjs). */
export function faultEnv(fault: Fault): NodeJS.ProcessEnv {
  const preload = pathToFileURL(path.join(root, 'test', 'helpers', 'fault-preload.mjs')).href;
  return { NODE_OPTIONS: `--import=${preload}`, MINTBENCH_TEST_FAULT: JSON.stringify(fault) };
}

/** Runs the CLI with extra environment, behind an optional command prefix (e.g. setpriv, to run as another user). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, prefix: readonly string[] = []): CliResult {
  const [command = process.execPath, ...rest] = [...prefix, process.execPath, cliPath, ...args];
  const result = spawnSync(command, rest, {
    encoding: 'utf8',
    cwd: cliCwd(),
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** runCli() without blocking, so that several runs can share the machine's cores; killed after `timeoutMs`. */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cliPath, ...args],
      { encoding: 'utf8', cwd: cliCwd(), env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (_error, stdout, stderr) => {
        resolve({ status: child.exitCode, stdout, stderr });
      },
    );
  });
}

/** Each named CLI run, two at a time (each is a node start-up, and the machine has two cores): results by name. */
export async function runCliPairs(runs: Readonly<Record<string, string[]>>): Promise<Record<string, CliResult>> {
  const results: Record<string, CliResult> = {};
  const names = Object.keys(runs);
  for (let i = 0; i < names.length; i += 2) {
    const batch = names.slice(i, i + 2);
    const done = await Promise.all(batch.map((name) => runCliAsync(runs[name] ?? [])));
    batch.forEach((name, j) => {
      const result = done[j];
      if (result) results[name] = result;
    });
  }
  return results;
}

/** A cpu run that only a signal ends: a million repetitions of about 50 ms each at 2 GHz. */
export const ENDLESS_CPU_RUN = ['cpu', '--iterations', '100000000', '--reps', '1000000', '--warmup', '0'];

/**
 * CPU time of the measuring thread by which a run of ENDLESS_CPU_RUN has completed repetitions (one
 * takes about 0.05 s). The thread's own time, not the process's: start-up costs 0.6 s of the main
 * thread's here, and several times that under the sanitizers' runtime.
 */
const MEASURING_CPU_SECONDS = 0.3;

/** USER_HZ: the unit of CPU time in /proc on every architecture mintbench builds for. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds a thread has used so far (user + system, from its /proc stat line). */
function cpuSecondsIn(stat: string): number {
  // The fields after the command name (which may hold spaces) start at state, field 3: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** The most CPU seconds any thread of process `pid` but its main thread has used (the workload runs on one); undefined once it is gone. */
function workerCpuSecondsOf(pid: number): number | undefined {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${String(pid)}/task`).filter((tid) => tid !== String(pid));
  } catch {
    return undefined;
  }
  const seconds = threads.map((tid) => {
    try {
      return cpuSecondsIn(readFileSync(`/proc/${String(pid)}/task/${tid}/stat`, 'utf8'));
    } catch {
      return 0; // That thread has just ended.
    }
  });
  return Math.max(0, ...seconds);
}

/** Whether process `pid` has a handler for `signal` (its bit in SigCgt of /proc/<pid>/status). */
function catchesSignal(pid: number, signal: 'SIGINT' | 'SIGTERM'): boolean {
  let status: string;
  try {
    status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  } catch {
    return false;
  }
  const caught = BigInt(`0x${/^SigCgt:\s*([0-9a-f]+)$/m.exec(status)?.[1] ?? '0'}`);
  return (caught & (1n << BigInt(os.constants.signals[signal] - 1))) !== 0n;
}

/** Whether process `pid` is measuring: it catches `signal` and its measuring thread has used MEASURING_CPU_SECONDS. */
export function measuring(pid: number, signal: 'SIGINT' | 'SIGTERM'): boolean {
  return catchesSignal(pid, signal) && (workerCpuSecondsOf(pid) ?? 0) >= MEASURING_CPU_SECONDS;
}

/**
 * Runs the CLI until it catches `signal` and its measuring thread has used MEASURING_CPU_SECONDS, sends it
 * `signal`, and returns its output and how long it took to exit after the signal. CPU time, not
 * wall-clock time: on a loaded machine it still says how much work the process has done.
 */
export async function interruptCli(args: string[], signal: 'SIGINT' | 'SIGTERM'): Promise<CliResult & { exitMs: number }> {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: cliCwd() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  // 'close' comes once the output is read to its end too.
  const closed = new Promise((resolve) => child.on('close', resolve));
  const pid = child.pid ?? Number.NaN;
  const ready = () => catchesSignal(pid, signal) && (workerCpuSecondsOf(pid) ?? Number.POSITIVE_INFINITY) >= MEASURING_CPU_SECONDS;
  // A CLI that never gets there is signalled anyway, after a while, so that the test fails on what it finds.
  const giveUpAt = performance.now() + 30_000;
  while (child.exitCode === null && !ready() && performance.now() < giveUpAt) await sleep(20);
  const signalledAt = performance.now();
  child.kill(signal);
  const status = await exited;
  const exitMs = performance.now() - signalledAt;
  await closed;
  return { status, stdout, stderr, exitMs };
}
