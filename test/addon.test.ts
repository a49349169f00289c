import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { addonPath, loadAddon } from '../ts/native.js';

describe('addon', () => {
  it('loads from MINTBENCH_ADDON when set (the cmake-js and sanitizer builds), else from node-gyp build/', () => {
    const override = process.env.MINTBENCH_ADDON;
    if (override) expect(addonPath).toBe(override);
    else expect(addonPath).toMatch(/\/build\/Release\/mintbench\.node$/);
    expect(existsSync(addonPath)).toBe(true);
  });

  it('exposes the declared surface', () => {
    const addon = loadAddon();
    expect(typeof addon.run).toBe('function');
    expect(typeof addon.timer).toBe('function');
    expect(typeof addon.now()).toBe('bigint');
    expect(addon.clockSource).toBe(process.arch === 'x64' ? 'tsc' : process.arch === 'arm64' ? 'cntvct_el0' : 'clock_monotonic_raw');
  });
});
