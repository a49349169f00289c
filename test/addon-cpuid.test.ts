import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { registersText } from '../ts/env/cpuid.js';
import { loadAddon } from '../ts/measure/native.js';
import { onlyOffX86, onlyOnX86, requires } from './helpers/requires.js';

describe('addon cpuid', () => {
  requires(onlyOnX86()).it('returns the vendor /proc/cpuinfo names, and the hypervisor bit the kernel saw', () => {
    const leaf0 = loadAddon().cpuid(0);
    if (leaf0 === null) throw new Error('x86-64 without CPUID');
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    expect(cpuinfo).toContain(`vendor_id\t: ${registersText(leaf0.ebx, leaf0.edx, leaf0.ecx)}`);
    const leaf1 = loadAddon().cpuid(1, 0);
    const flags = /^flags\s*:(.*)$/m.exec(cpuinfo)?.[1]?.split(/\s+/) ?? [];
    expect((leaf1?.ecx ?? 0) >>> 31 === 1).toBe(flags.includes('hypervisor'));
  });

  requires(onlyOffX86()).it('reports no CPUID off x86-64', () => {
    expect(loadAddon().cpuid(0)).toBeNull();
  });

  it('rejects a leaf that is not a 32-bit unsigned integer', () => {
    const addon = loadAddon();
    expect(() => addon.cpuid(-1)).toThrow(/^Expected an integer from 0 to 4294967295 for leaf but received -1$/);
    expect(() => addon.cpuid(2 ** 32)).toThrow(/for leaf but received 4294967296/);
    expect(() => addon.cpuid(0, 1.5)).toThrow(/for subleaf but received 1.5/);
    expect(() => (addon.cpuid as (...args: unknown[]) => unknown)()).toThrow(/for leaf but received undefined/);
  });
});
