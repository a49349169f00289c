// Pairs of mintbench and another program (the C reference, fio) alternating in one child process,
// under SCHED_FIFO where this user may set it (root): other tenants' processes then cannot preempt
// either side, and the other program, started by the child, inherits the policy. On a shared machine
// that leaves the host's own noise, which the alternation evens out.
import { spawnSync } from 'node:child_process';

import type { NativeSpec } from '../ts/measure/native.js';
import { runAddonInChild } from '../test/helpers/addon-child.js';

export const FIFO = spawnSync('chrt', ['-f', '1', 'true']).status === 0;
/** How both sides were scheduled, for the rows' "Based on". */
export const SCHEDULING = FIFO ? 'both SCHED_FIFO' : 'normal scheduling: chrt -f was refused';

export interface ChildPair {
  /** mintbench's measured repetitions' ticks (its warm-ups left out). */
  a: number[];
  /** What the other program printed, parsed as JSON (from its first '{'). */
  b: unknown;
}

export interface ChildPairsOptions {
  /** mintbench's run: the addon's spec, as runMix would pass it, without repetitions. */
  spec: Omit<NativeSpec, 'repetitions'>;
  repetitions: number;
  warmup: number;
  /** The other program and its arguments; it prints JSON on stdout. */
  command: string;
  args: string[];
  /** Pairs counted after the first, warm-up pair. */
  pairs: number;
  /** mintbench reads at offsets from seed + pair index, new in each pair (the other side draws its own). */
  freshSeeds?: boolean;
}

/** Runs `pairs + 1` pairs, the first being the warm-up pair (countedPairs leaves it out). */
export function pairsInChild(options: ChildPairsOptions): ChildPair[] {
  const { spec, repetitions, warmup, command, args, pairs, freshSeeds = false } = options;
  const body = `
    const { execFileSync } = await import('node:child_process');
    const spec = ${JSON.stringify({ ...spec, repetitions: warmup + repetitions })};
    const pairs = [];
    for (let pair = 0; pair <= ${String(pairs)}; pair++) {
      const seed = ${freshSeeds ? '(spec.seed ?? 1) + pair' : 'spec.seed'};
      const a = (await addon.run({ ...spec, seed }).result).ticks.slice(${String(warmup)});
      const out = execFileSync(${JSON.stringify(command)}, ${JSON.stringify(args)}, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      pairs.push({ a, b: JSON.parse(out.slice(out.indexOf('{'))) });
    }
    return pairs;`;
  return runAddonInChild(body, { prefix: FIFO ? ['chrt', '-f', '1'] : [], timeoutMs: 300_000 }) as ChildPair[];
}
