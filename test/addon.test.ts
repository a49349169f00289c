import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { loadAddon } from '../ts/measure/native.js';
import { root } from './helpers/files.js';

describe('addon', () => {
  it("loads the build MINTBENCH_ADDON names (the cmake-js and sanitizer builds), else node-gyp-build's pick: build/Release/ in a checkout", () => {
    loadAddon();
    const expected = process.env.MINTBENCH_ADDON ?? path.join(root, 'build', 'Release', 'mintbench.node');
    // The kernel's list of this process's mappings names the shared object really loaded.
    expect(readFileSync('/proc/self/maps', 'utf8')).toContain(realpathSync(expected));
  });

  it('exposes the declared surface', () => {
    const addon = loadAddon();
    expect(typeof addon.run).toBe('function');
    expect(typeof addon.timer).toBe('function');
    expect(typeof addon.now()).toBe('bigint');
    expect(addon.clockSource).toBe(process.arch === 'x64' ? 'tsc' : process.arch === 'arm64' ? 'cntvct_el0' : 'clock_monotonic_raw');
  });
});
