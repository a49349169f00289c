// What is known about the machine a run was made on. The record's `environment` is an open object:
// richer capture (hypervisor, TSC facts, warnings) adds fields; readers rely only on those below.
import os from 'node:os';

import type { NativeTimer } from './native.js';

export interface Environment {
  hostname: string;
  cpuModel: string;
  logicalCpus: number;
  kernelRelease: string;
  platform: string;
  arch: string;
  nodeVersion: string;
  /** The run's timer: its source, calibrated ticks per second and the cost of an empty timed region. */
  timerSource: string;
  tscHz: number;
  timerOverheadTicks: number;
  timerOverheadSeconds: number;
  [more: string]: unknown;
}

/** The environment of this process, with the timer the run used. */
export function captureEnvironment(timer: NativeTimer): Promise<Environment> {
  const cpus = os.cpus();
  return Promise.resolve({
    hostname: os.hostname(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    logicalCpus: cpus.length,
    kernelRelease: os.release(),
    platform: process.platform,
    arch: process.arch,
    nodeVersion: process.version,
    timerSource: timer.source,
    tscHz: timer.hz,
    timerOverheadTicks: timer.overheadTicks,
    timerOverheadSeconds: timer.overheadTicks / timer.hz,
  });
}
