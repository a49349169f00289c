// Without RDTSCP (QEMU's default qemu64 CPU model) a region must close with `lfence; rdtsc; lfence`
// instead of dying of SIGILL. MINTBENCH_NO_RDTSCP=1 forces that path on any x86-64 CPU.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

import { describe, expect } from 'vitest';

import { loadAddon, type NativeTimer } from '../ts/measure/native.js';
import { runAddonInChild } from './helpers/addon-child.js';
import { FASTEST_OF, medianPairRatio } from './helpers/ratios.js';
import { dependency, notWhenSanitizing, onlyOnX86, requires } from './helpers/requires.js';

/** QEMU's user-mode emulator (Debian's qemu-user): runs this Node on an emulated qemu64 CPU, which has no RDTSCP. */
const qemuUser = dependency(
  spawnSync('qemu-x86_64', ['-version']).status === 0
    ? undefined
    : 'QEMU user mode: qemu-x86_64 is not installed (apt-get install qemu-user)',
);
/** The sanitizer build (npm run test:sanitize) needs AddressSanitizer's shadow memory, which qemu-user cannot map. */
const notSanitizing = notWhenSanitizing("qemu-user cannot map AddressSanitizer's shadow memory");
const cpus = os.availableParallelism();

interface ChildRuns {
  timer: NativeTimer;
  single: number[];
  double: number[];
  pinned: { cpu: number; cpuStart: number[]; cpuEnd: number[] }[];
}

/** Pairs of M and 2M increments measured back to back, as doublingRatio measures them (each the fastest of FASTEST_OF repetitions). */
const PAIRS = 60;

// The pairs, then one short run pinned to each CPU (up to 4).
const WORKLOAD = `
  const timer = await addon.timer();
  const fastest = async (increments) => Math.min(...(await addon.run({ repetitions: ${String(FASTEST_OF)}, increments }).result).ticks);
  const single = [], double = [];
  for (let i = 0; i < ${String(PAIRS)}; i++) {
    single.push(await fastest(1e6));
    double.push(await fastest(2e6));
  }
  const pinned = [];
  for (let cpu = 0; cpu < Math.min(4, ${String(cpus)}); cpu++) {
    const r = await addon.run({ repetitions: 3, increments: 1e5, cpu }).result;
    pinned.push({ cpu, cpuStart: r.cpuStart, cpuEnd: r.cpuEnd });
  }
  return { timer, single, double, pinned };`;

describe('closing a timed region', () => {
  requires(onlyOnX86()).it('uses rdtscp exactly when the CPU has it (cpuinfo flag rdtscp)', async () => {
    const hasRdtscp = /^flags\s*:.*\brdtscp\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
    const timer = await loadAddon().timer();
    expect(timer.closing).toBe(hasRdtscp ? 'rdtscp; lfence' : 'lfence; rdtsc; lfence');
  });

  requires(onlyOnX86()).it('without RDTSCP closes with lfence; rdtsc; lfence, ticks still scale and CPU numbers are still reported', () => {
    const runs = runAddonInChild(WORKLOAD, { env: { MINTBENCH_NO_RDTSCP: '1' } }) as ChildRuns;
    expect(runs.timer.closing).toBe('lfence; rdtsc; lfence');
    expect(runs.timer.overheadTicks).toBeGreaterThan(0);
    expect(runs.timer.overheadTicks / runs.timer.hz).toBeLessThan(1e-6);
    // Twice the increments, about twice the ticks, with the bounds of test/cpu-scaling.test.ts.
    expect(runs.single).toHaveLength(PAIRS);
    const ratio = medianPairRatio(runs.single, runs.double);
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
    for (const { cpu, cpuStart, cpuEnd } of runs.pinned) {
      expect(cpuStart).toEqual([cpu, cpu, cpu]);
      expect(cpuEnd).toEqual([cpu, cpu, cpu]);
    }
  });

  requires(onlyOnX86(), notSanitizing, qemuUser).it("runs on QEMU's qemu64 CPU model, where rdtscp would raise SIGILL", () => {
    // No MINTBENCH_NO_RDTSCP here: CPUID itself says there is no RDTSCP. (The addon before this
    // check died of signal 4 in this very setting.)
    const result = runAddonInChild(
      `const timer = await addon.timer();
       const run = await addon.run({ repetitions: 3, increments: 1e5 }).result;
       return { timer, ticks: run.ticks, cpuEnd: run.cpuEnd };`,
      { prefix: ['qemu-x86_64', '-cpu', 'qemu64'] },
    ) as { timer: NativeTimer; ticks: number[]; cpuEnd: number[] };
    expect(result.timer.closing).toBe('lfence; rdtsc; lfence');
    expect(result.ticks).toHaveLength(3);
    for (const ticks of result.ticks) expect(ticks).toBeGreaterThan(0);
    for (const cpu of result.cpuEnd) {
      expect(cpu).toBeGreaterThanOrEqual(0);
      expect(cpu).toBeLessThan(cpus);
    }
  });
});
