// Recorded machine inputs (test/fixtures/env/) and synthetic result records.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { MachineInputs } from '../../ts/env/index.js';
import type { NativeTimer } from '../../ts/measure/native.js';
import { resolveConfiguration } from '../../ts/results/configs.js';
import { buildRecord, type ResultRecord } from '../../ts/results/record.js';
import { summarize } from '../../ts/stats/summary.js';
import { root } from './files.js';

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
