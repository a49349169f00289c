// Side by side: A then B, again and again (ABAB...), so that both see the same phases of a machine
// whose speed changes for seconds to minutes; each pair gives one ratio A/B, and the median of those
// ratios is the figure, with its spread.
import { median, quantileSorted } from 'simple-statistics';

export interface Pairs {
  /** A's and B's figure in each counted pair, in order. */
  a: number[];
  b: number[];
  /** a[i] / b[i]. */
  ratios: number[];
}

export interface Spread {
  median: number;
  /** Interquartile range. */
  q1: number;
  q3: number;
  min: number;
  max: number;
}

/**
 * Runs `count` pairs of `a` then `b`, after one pair that is not counted: it warms caches, the disk
 * path and the page tables of both sides, so the first counted pair does not start colder than the rest.
 */
export async function alternate(count: number, a: () => Promise<number> | number, b: () => Promise<number> | number): Promise<Pairs> {
  await a();
  await b();
  const pairs: Pairs = { a: [], b: [], ratios: [] };
  for (let i = 0; i < count; i += 1) {
    const first = await a();
    const second = await b();
    pairs.a.push(first);
    pairs.b.push(second);
    pairs.ratios.push(first / second);
  }
  return pairs;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((x, y) => x - y);
  return {
    median: median(sorted),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}
