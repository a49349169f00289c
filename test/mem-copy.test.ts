import { describe, expect, it } from 'vitest';

import { loadAddon } from '../ts/measure/native.js';
import { doublingRatio, fastest, FASTEST_OF } from './helpers/ratios.js';

describe('memory workload', () => {
  it('really copies: the destination equals the source afterwards', async () => {
    const result = await loadAddon().run({ repetitions: 2, copies: 3, copyBytes: 256 * 1024 + 24 }).result;
    expect(result.copyVerified).toBe(true);
    expect(result.ticks).toHaveLength(2);
  });

  it('costs about twice as many ticks for twice the copies', async () => {
    const addon = loadAddon();
    const n = 32;
    const ratio = await doublingRatio(async (scale) =>
      fastest((await addon.run({ repetitions: FASTEST_OF, copies: scale * n, copyBytes: 256 * 1024 }).result).ticks),
    );
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
  });
});
