// What is known about the machine a run was made on. The record's `environment` is an open object:
// the flat fields below are what readers (compare, export) rely on; `machine` is the full
// description (ts/env/) and `warnings` what made the numbers less trustworthy.
import os from 'node:os';

import type { MachineInfo, Warning } from './index.js';
import type { NativeTimer } from '../measure/native.js';
import { ticksToSeconds } from '../base/units.js';

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
  /** CPU, OS, hypervisor, TSC, disk target and Mint node, as `mintbench info` shows them. */
  machine?: MachineInfo;
  /** Every warning printed around the run, each with its remedy. */
  warnings?: Warning[];
  [more: string]: unknown;
}

export interface EnvironmentExtras {
  machine?: MachineInfo | undefined;
  warnings?: readonly Warning[];
}

/** The environment of this process, with the timer the run used and what ts/env/ captured. */
export function captureEnvironment(timer: NativeTimer, extras: EnvironmentExtras = {}): Promise<Environment> {
  const cpus = os.cpus();
  const environment: Environment = {
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
    timerOverheadSeconds: ticksToSeconds(timer.overheadTicks, timer.hz),
  };
  if (extras.machine) environment.machine = extras.machine;
  if (extras.warnings) environment.warnings = [...extras.warnings];
  return Promise.resolve(environment);
}
