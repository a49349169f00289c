import { describe, expect, it } from 'vitest';

import { loadAddon } from '../ts/measure/native.js';

/** Ticks per wall-clock second over `ms` of busy waiting, from paired counter and hrtime reads. */
function measuredHz(ms: number): number {
  const addon = loadAddon();
  const ticks0 = addon.now();
  const wall0 = process.hrtime.bigint();
  while (process.hrtime.bigint() - wall0 < BigInt(ms) * 1_000_000n);
  const ticks1 = addon.now();
  const wall1 = process.hrtime.bigint();
  return Number(ticks1 - ticks0) / (Number(wall1 - wall0) / 1e9);
}

describe('timer', () => {
  it('calibrates a frequency that agrees with wall-clock time within 1 % over 200 ms', async () => {
    const timer = await loadAddon().timer();
    expect(timer.calibrationSeconds).toBeGreaterThanOrEqual(0.1);
    // Three tries: a preemption between two paired reads can skew one of them by milliseconds.
    const errors = [measuredHz(200), measuredHz(200), measuredHz(200)].map((hz) => Math.abs(hz / timer.hz - 1));
    expect(Math.min(...errors)).toBeLessThan(0.01);
  });

  it('fits only the calibration samples that were not interrupted', async () => {
    const timer = await loadAddon().timer();
    // One sample per 250 µs at most over 150 ms: up to 600, fewer when the thread was preempted.
    expect(timer.calibrationSamples).toBeGreaterThan(100);
    expect(timer.calibrationSamples).toBeLessThanOrEqual(601);
    // The narrowest bracket is always kept; a quiet machine interrupts few of the rest.
    expect(timer.calibrationSamplesKept).toBeGreaterThanOrEqual(2);
    expect(timer.calibrationSamplesKept).toBeLessThanOrEqual(timer.calibrationSamples);
    expect(timer.calibrationSamplesKept).toBeGreaterThan(timer.calibrationSamples / 4);
  });

  it('reports a small positive overhead for an empty region', async () => {
    const timer = await loadAddon().timer();
    expect(timer.overheadTicks).toBeGreaterThan(0);
    // Far below a microsecond's worth of ticks on any sane timer.
    expect(timer.overheadTicks / timer.hz).toBeLessThan(1e-6);
  });
});
