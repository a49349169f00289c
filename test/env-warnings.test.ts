import { describe, expect, it } from 'vitest';

import { describeMachine, migrated, runContext, warningsFor, type MachineInfo } from '../ts/env/index.js';
import { loadFacts } from '../ts/env/load.js';
import type { WorkloadRun } from '../ts/measure/run.js';
import { loadEnvFixture } from './helpers/fixtures.js';

/** The recorded KVM machine, which by itself draws no warning, with `change` applied. */
function kvm(change: (machine: MachineInfo) => void = () => undefined): MachineInfo {
  const { inputs, timer } = loadEnvFixture('kvm');
  const machine = describeMachine(inputs, { timer, versions: { node: '20', mintbench: '0' } });
  change(machine);
  return machine;
}

function codes(machine: MachineInfo, run = {}): string[] {
  return warningsFor(machine, run).map((warning) => warning.code);
}

const busy = loadFacts({ busy: 0, total: 0 }, { busy: 100, total: 200 }, 2, 1, 0, '1.0 0.5 0.2 1/100 1');

describe('warnings', () => {
  it('every warning says what to do', () => {
    const machine = kvm((m) => {
      m.tsc.invariant = false;
      m.tsc.clocksource = 'kvm-clock';
      m.cpu.governor = 'schedutil';
      m.cpu.boost = true;
      m.load = busy;
      m.virtualization.emulated = true;
      m.tsc.calibratedHz *= 1.05;
      m.tsc.relativeDifference = 0.05;
    });
    const warnings = warningsFor(machine, { target: { kind: 'file', direct: false }, migratedRepetitions: 2, repetitions: 10 });
    expect(warnings.map((w) => w.code)).toEqual([
      'emulated',
      'tsc-not-invariant',
      'clocksource-not-tsc',
      'frequency-mismatch',
      'governor-not-performance',
      'boost-on',
      'unpinned-under-load',
      'buffered-read',
      'migrated',
    ]);
    for (const warning of warnings) {
      expect(warning.message.length).toBeGreaterThan(20);
      expect(warning.remedy.length).toBeGreaterThan(20);
    }
    expect(warnings.find((w) => w.code === 'migrated')?.message).toMatch(/during 2 of 10 repetitions/);
    expect(warnings.find((w) => w.code === 'migrated')?.remedy).toBe(
      'the flagged repetitions are included in the statistics; pinning the run with --cpu N avoids them',
    );
    expect(warnings.find((w) => w.code === 'unpinned-under-load')?.message).toMatch(/1\.00 CPUs busy/);
  });

  it('load matters only when the run is not pinned, and only above the threshold', () => {
    expect(codes(kvm((m) => (m.load = busy)))).toEqual(['unpinned-under-load']);
    expect(
      codes(
        kvm((m) => (m.load = busy)),
        { pinnedCpu: 1 },
      ),
    ).toEqual([]);
    expect(codes(kvm((m) => ((m.load = busy), (m.cpu.pinnedCpu = 0))))).toEqual([]);
    const light = loadFacts({ busy: 0, total: 0 }, { busy: 10, total: 200 }, 2, 1, 0, null);
    expect(codes(kvm((m) => (m.load = light)))).toEqual([]);
  });

  it('governor: every policy must be performance', () => {
    expect(codes(kvm((m) => (m.cpu.governor = 'performance')))).toEqual([]);
    expect(codes(kvm((m) => (m.cpu.governor = 'performance,powersave')))).toEqual(['governor-not-performance']);
  });

  it('O_DIRECT reads, and the aarch64 counter, draw no warning', () => {
    expect(codes(kvm(), { target: { kind: 'file', direct: true } })).toEqual([]);
    expect(codes(kvm((m) => ((m.tsc.counter = 'cntvct_el0'), (m.tsc.clocksource = 'arch_sys_counter'))))).toEqual([]);
  });
});

describe('migration flag', () => {
  it('flags a repetition whose CPU changed, not one where a CPU was not read', () => {
    expect(migrated(0, 1)).toBe(true);
    expect(migrated(3, 3)).toBe(false);
    expect(migrated(-1, 1)).toBe(false);
  });

  it('counts migrated measured repetitions of a run from injected CPU numbers', () => {
    const reps = [
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 0],
    ].map(([cpuStart = 0, cpuEnd = 0]) => ({ ticks: 1, seconds: 1e-9, cpuStart, cpuEnd, migrated: migrated(cpuStart, cpuEnd) }));
    const run = { parameters: { repetitions: 4, warmup: 0 }, series: [{ repetitions: reps }] } as unknown as WorkloadRun;
    expect(runContext(run)).toMatchObject({ migratedRepetitions: 2, repetitions: 4, pinnedCpu: null, target: null });
    expect(warningsFor(kvm(), runContext(run)).map((w) => w.code)).toEqual(['migrated']);
  });
});
