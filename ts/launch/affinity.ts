// Pinning the threads of launched processes and guests to cores, and reading back where they may run.
// taskset (util-linux) sets the mask; /proc/PID/task/TID/status says what the kernel made of it.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

import { allowedCpus } from '../measure/limits.js';

/** The kernel's list syntax for `cpus`, e.g. "0,1". */
export function cpuListText(cpus: readonly number[]): string {
  return cpus.join(',');
}

/** Every thread of process `pid` now. */
export function threadIds(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`)
    .map(Number)
    .filter((tid) => Number.isInteger(tid))
    .sort((a, b) => a - b);
}

/** Allows thread `tid` (of any process) on `cpus` only. */
export function pinThread(tid: number, cpus: readonly number[]): void {
  try {
    execFileSync('taskset', ['--pid', '--cpu-list', cpuListText(cpus), String(tid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`cannot pin thread ${tid} to CPU ${cpuListText(cpus)}: ${stderr || (error as Error).message}`);
  }
}

/** The CPUs thread `tid` of process `pid` may run on, as the kernel has them. */
export function threadCpus(pid: number, tid: number): number[] {
  const cpus = allowedCpus(`/proc/${pid}/task/${tid}/status`);
  if (cpus === undefined) throw new Error(`cannot read the CPUs of thread ${tid} of process ${pid}`);
  return cpus;
}
