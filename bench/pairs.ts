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

/**
 * Pairs measured elsewhere (in a child process), the first of them the warm-up pair as in
 * alternate(): that one is left out, and `figureA` and `figureB` make each side's number.
 */
export function countedPairs<A, B>(measured: readonly { a: A; b: B }[], figureA: (a: A) => number, figureB: (b: B) => number): Pairs {
  const counted = measured.slice(1);
  const a = counted.map((pair) => figureA(pair.a));
  const b = counted.map((pair) => figureB(pair.b));
  return { a, b, ratios: a.map((value, i) => value / b[i]!) };
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
