import { describe, expect, it, vi } from 'vitest';

import { loadAddon, type NativeAddon } from '../ts/measure/native.js';
import { runSuite } from '../ts/measure/suite.js';

describe('suite', () => {
  it('refuses a bad option of a later part before the first part runs', async () => {
    const real = loadAddon();
    const run = vi.fn((...args: Parameters<NativeAddon['run']>) => real.run(...args));
    const addon: NativeAddon = { ...real, run };
    // --copies is only used by the memory part, which runs second.
    await expect(runSuite({ addon, copies: 0, increments: 1000, repetitions: 1, warmup: 0 })).rejects.toThrow(/for copies but received 0/);
    expect(run).not.toHaveBeenCalled();
  });
});
