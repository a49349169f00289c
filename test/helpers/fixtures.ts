// Recorded machine inputs (test/fixtures/env/) and synthetic result records.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describeMachine, type MachineInfo, type MachineInputs } from '../../ts/env/index.js';
import type { NativeTimer } from '../../ts/measure/native.js';
import { resolveConfiguration } from '../../ts/results/configs.js';
import { buildRecord } from '../../ts/results/record.js';
import type { RecordCampaign, RecordSync, ResultRecord } from '../../ts/results/schema.js';
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

/** The machine of test/fixtures/env/<name>.json, described with its recorded timer. */
export function fixtureMachine(name: string): MachineInfo {
  const { inputs, timer } = loadEnvFixture(name);
  return describeMachine(inputs, { timer, versions: { node: '20.20.0', mintbench: '0.1.0' } });
}

/** The timer of synthetic runs: a TSC at 1 GHz, so that ticks are nanoseconds. */
export const SYNTHETIC_TIMER = {
  source: 'tsc',
  closing: 'rdtscp; lfence',
  hz: 1e9,
  architecturalHz: 0,
  calibrationSeconds: 0.15,
  calibrationR2: 1,
  calibrationSamples: 600,
  calibrationSamplesKept: 600,
  overheadTicks: 30,
};

/**
 * A result record with given seconds per workload series, as a run would write it, on the KVM
 * fixture's machine with SYNTHETIC_TIMER.
 */
export function syntheticRecord(
  label: string,
  series: { workload: 'cpu' | 'mem' | 'io'; sizeBytes: number | null; seconds: number[] }[],
  extra: { instance?: string; note?: string; interrupted?: boolean; campaign?: RecordCampaign; sync?: RecordSync } = {},
): ResultRecord {
  const timer = { ...SYNTHETIC_TIMER };
  const { hz } = timer;
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
  const { inputs } = loadEnvFixture('kvm');
  return buildRecord({
    command: 'suite',
    startedAt: '2026-01-02T03:04:05.678Z',
    finishedAt: '2026-01-02T03:04:15.678Z',
    configuration: resolveConfiguration({ config: label, instance: extra.instance, note: extra.note }),
    machine: describeMachine(inputs, { timer, versions: { node: '20.20.0', mintbench: '0.1.0' } }),
    warnings: [],
    runs,
    interrupted: extra.interrupted ?? false,
    ...(extra.campaign ? { campaign: extra.campaign } : {}),
    ...(extra.sync ? { sync: extra.sync } : {}),
  });
}

const K = 1024;

/** A suite-like record: cpu, and mem and io at the thesis's three sizes (256K, 512K, 1M); times scaled by `factor`. */
export function syntheticSuite(label: string, factor: number, extra: { instance?: string; note?: string } = {}): ResultRecord {
  const sizes = [256 * K, 512 * K, 1024 * K];
  const scaled = (seconds: number[]) => seconds.map((s) => s * factor);
  return syntheticRecord(
    label,
    [
      { workload: 'cpu', sizeBytes: null, seconds: scaled([0.1, 0.1, 0.1]) },
      ...sizes.map((size, i) => ({
        workload: 'mem' as const,
        sizeBytes: size,
        seconds: scaled([0.01, 0.012, 0.014].map((s) => s * (i + 1))),
      })),
      ...sizes.map((size, i) => ({
        workload: 'io' as const,
        sizeBytes: size,
        seconds: scaled([0.02, 0.02, 0.026].map((s) => s * (i + 1))),
      })),
    ],
    extra,
  );
}

/** The same record as if run under QEMU TCG: a KVM machine description with the emulator's verdict. */
export function emulated(record: ResultRecord): ResultRecord {
  const { machine } = record;
  return { ...record, machine: { ...machine, virtualization: { ...machine.virtualization, hypervisor: 'TCG', emulated: true } } };
}
