// A short CPU loop timed the same way on a host and in its guest: the emulation check's yardstick.
// A register-increment loop runs at the same speed under hardware virtualization as on the host, and
// many times slower under an emulator (QEMU TCG, or KVM without VT-x/AMD-V behind it).
import { runCpu, type RunHooks } from './run.js';

/** Seconds of the fastest of `repetitions` loops of `increments` increments (one warm-up first), on `cpu` if given. */
export async function cpuLoopSeconds(
  increments: number,
  repetitions: number,
  options: Pick<RunHooks, 'addon' | 'signal'> & { cpu?: number } = {},
): Promise<number> {
  const run = await runCpu({ iterations: increments, repetitions, warmup: 1, ...options });
  const seconds = run.series.flatMap((series) => series.repetitions.map((rep) => rep.seconds));
  if (seconds.length === 0) throw new Error('the CPU loop was stopped before it ran');
  return Math.min(...seconds);
}
