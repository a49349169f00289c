// A stop requested in the middle of a long repetition: what test/workload-stop.test.ts checks and
// bench/latency.ts times.
import { performance } from 'node:perf_hooks';

import { loadAddon, type NativeResult, type NativeSpec } from '../../ts/measure/native.js';

/** One kind of work: its name, its spec without counts, the count its length scales with, and a trial count. */
export type StopCase = readonly [name: string, base: Omit<NativeSpec, 'device'>, field: 'reads' | 'increments' | 'copies', trial: number];

/** The four ways a repetition spends its time, each with a trial count that takes a few tens of milliseconds. */
export const STOP_CASES: readonly StopCase[] = [
  ['cpu loop', { repetitions: 1 }, 'increments', 50_000_000],
  ['memcpy', { repetitions: 1, copyBytes: 1024 * 1024 }, 'copies', 2_000],
  ['direct reads', { repetitions: 1, readBytes: 4096, direct: true }, 'reads', 2_000],
  // Large buffered reads: small ones would need millions of offsets, whose conversion to
  // JavaScript after the stop would be timed too.
  ['buffered reads', { repetitions: 1, readBytes: 256 * 1024, direct: false }, 'reads', 2_000],
];

/** The spec of `stopCase` (reading `device`) with its count scaled so that one repetition takes about `seconds` here and now. */
export async function sizedSpec([, base, field, trial]: StopCase, device: string, seconds: number): Promise<NativeSpec> {
  const spec = field === 'reads' ? { ...base, device } : base;
  // Two repetitions, the faster counts: the first also warms caches.
  const result = await loadAddon().run({ ...spec, repetitions: 2, [field]: trial }).result;
  const trialSeconds = Math.min(...result.ticks) / result.timer.hz;
  return { ...spec, [field]: Math.ceil((trial * seconds) / trialSeconds) };
}

/**
 * Runs `spec` with 5 repetitions and requests a stop `stopAfterMs` after the first one ended, while
 * the second runs (the addon opens it only once the progress callback has returned). `latencyMs`:
 * from the stop request to the result.
 */
export async function stopDuringSecondRepetition(
  spec: NativeSpec,
  stopAfterMs: number,
): Promise<{ result: NativeResult; latencyMs: number }> {
  let stoppedAt: number | undefined;
  const run = loadAddon().run({ ...spec, repetitions: 5 }, () => {
    if (stoppedAt !== undefined) return;
    stoppedAt = Number.POSITIVE_INFINITY;
    setTimeout(() => {
      stoppedAt = performance.now();
      run.stop();
    }, stopAfterMs);
  });
  const result = await run.result;
  return { result, latencyMs: performance.now() - (stoppedAt ?? Number.NaN) };
}
