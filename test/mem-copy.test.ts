import { describe, expect, it } from 'vitest';

import { loadAddon } from '../ts/native.js';
import { fastest } from './helpers.js';

describe('memory workload', () => {
  it('really copies: the destination equals the source afterwards', async () => {
    const result = await loadAddon().run({ repetitions: 2, copies: 3, copyBytes: 256 * 1024 + 24 });
    expect(result.copyVerified).toBe(true);
    expect(result.ticks).toHaveLength(2);
  });

  it('costs about twice as many ticks for twice the copies', async () => {
    const addon = loadAddon();
    // As for the CPU loop: short repetitions, many of them, interleaved; compare the fastest.
    const bytes = 256 * 1024;
    const n = 32;
    const single: number[] = [];
    const double: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      single.push(...(await addon.run({ repetitions: 25, copies: n, copyBytes: bytes })).ticks);
      double.push(...(await addon.run({ repetitions: 25, copies: 2 * n, copyBytes: bytes })).ticks);
    }
    const ratio = fastest(double) / fastest(single);
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
  });
});
