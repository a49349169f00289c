// Timing ratios that hold on a noisy shared VM: back-to-back pairs, medians, fastest repetitions.
/** Smallest value: the repetition least disturbed by the rest of the machine. */
export function fastest(values: readonly number[]): number {
  return Math.min(...values);
}

/**
 * How many times the ticks grow when the work doubles: the median over `pairs` of the ratio
 * double / single, each pair measured back to back. This machine is a VM whose core speed swings
 * by 2× within a second and whose other tenants preempt it: a pair shares its moment, and the
 * median ignores the pairs a preemption hit.
 */
export async function doublingRatio(ticksFor: (scale: 1 | 2) => Promise<number>, pairs = 60): Promise<number> {
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i += 1) {
    const single = await ticksFor(1);
    ratios.push((await ticksFor(2)) / single);
  }
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(pairs / 2)]!;
}
