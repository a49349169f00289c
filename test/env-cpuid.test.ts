import { describe, expect, it } from 'vitest';

import { decodeCpuid, leafKey, leavesToRead, registersText, type CpuidDump } from '../ts/env/cpuid.js';
import type { CpuidRegisters } from '../ts/measure/native.js';
import { detectVirtualization } from '../ts/env/hypervisor.js';

/** Registers spelling `text` (12 bytes) in EBX, ECX, EDX, as vendor leaves do. */
function signature(text: string, eax: number): CpuidRegisters {
  const bytes = Buffer.alloc(12);
  bytes.write(text, 'latin1');
  return { eax, ebx: bytes.readUInt32LE(0), ecx: bytes.readUInt32LE(4), edx: bytes.readUInt32LE(8) };
}

const HYPERVISOR_BIT = 0x8000_0000;
const zero = { eax: 0, ebx: 0, ecx: 0, edx: 0 };

function guest(leaves: CpuidDump): CpuidDump {
  return { '0x0': { ...signature('', 0x16) }, '0x1': { ...zero, ecx: HYPERVISOR_BIT }, ...leaves };
}

describe('cpuid decoding', () => {
  it('spells vendor strings little-endian, register by register', () => {
    // "GenuineIntel" as leaf 0 returns it: EBX "Genu", EDX "ineI", ECX "ntel".
    expect(registersText(0x756e6547, 0x49656e69, 0x6c65746e)).toBe('GenuineIntel');
  });

  it('takes family and model from the extended fields as the SDM says', () => {
    const facts = decodeCpuid({ '0x1': { ...zero, eax: 0x000c06f2 } });
    expect(facts).toMatchObject({ family: 6, model: 0xcf, stepping: 2 });
    expect(decodeCpuid({ '0x1': { ...zero, eax: 0x00a00f11 } })).toMatchObject({ family: 0x19, model: 0x01, stepping: 1 });
  });

  it('names the hypervisor behind Hyper-V enlightenments (KVM at 0x40000100)', () => {
    const facts = decodeCpuid(
      guest({ '0x40000000': signature('Microsoft Hv', 0x4000000b), '0x40000100': signature('KVMKVMKVM', 0x40000101) }),
    );
    expect(facts.hypervisors.map((leaf) => leaf.signature)).toEqual(['Microsoft Hv', 'KVMKVMKVM']);
    expect(detectVirtualization(facts, {}).hypervisor).toBe('KVM');
  });

  it('calls QEMU TCG emulated', () => {
    const virt = detectVirtualization(decodeCpuid(guest({ '0x40000000': signature('TCGTCGTCGTCG', 0x40000001) })), {});
    expect(virt).toMatchObject({ hypervisor: 'TCG', emulated: true });
  });

  it('ignores hypervisor leaves without the hypervisor bit, and unprintable signatures', () => {
    // On bare Intel, leaf 0x40000000 echoes the highest basic leaf: it must not read as a signature.
    const bare = decodeCpuid({ '0x1': zero, '0x40000000': signature('KVMKVMKVM', 0) });
    expect(bare.hypervisorBit).toBe(false);
    expect(bare.hypervisors).toEqual([]);
    const garbage = decodeCpuid(guest({ '0x40000000': { eax: 0, ebx: 0x01020304, ecx: 0, edx: 0 } }));
    expect(garbage.hypervisors).toEqual([]);
    expect(detectVirtualization(garbage, {}).hypervisor).toBe('unknown');
  });

  it('reads the timing leaf only when the hypervisor implements it', () => {
    const withLeaf = decodeCpuid(guest({ '0x40000000': signature('VMwareVMware', 0x40000010), '0x40000010': { ...zero, eax: 2_400_000 } }));
    expect(withLeaf.hypervisors[0]?.tscHz).toBe(2_400_000_000);
    const without = decodeCpuid(guest({ '0x40000000': signature('KVMKVMKVM', 0x40000001), '0x40000010': { ...zero, eax: 2_400_000 } }));
    expect(without.hypervisors[0]?.tscHz).toBeNull();
  });

  it('computes the TSC from the crystal (0x15) and ignores leaves above the maximum', () => {
    const dump: CpuidDump = {
      '0x0': { ...zero, eax: 0x16 },
      '0x15': { eax: 2, ebx: 200, ecx: 24_000_000, edx: 0 },
      '0x16': { ...zero, eax: 2400 },
    };
    expect(decodeCpuid(dump)).toMatchObject({ tscHzFromCrystal: 2_400_000_000, baseHz: 2_400_000_000 });
    expect(decodeCpuid({ ...dump, '0x0': { ...zero, eax: 0x14 } })).toMatchObject({ tscHzFromCrystal: null, baseHz: null });
    expect(decodeCpuid({ ...dump, '0x15': { eax: 2, ebx: 200, ecx: 0, edx: 0 } }).tscHzFromCrystal).toBeNull();
  });

  it('invariant TSC: bit 8 of 0x80000007 EDX, unknown when the leaf is beyond the maximum', () => {
    expect(decodeCpuid({ '0x80000000': { ...zero, eax: 0x80000008 }, '0x80000007': { ...zero, edx: 0x100 } }).invariantTsc).toBe(true);
    expect(decodeCpuid({ '0x80000000': { ...zero, eax: 0x80000008 }, '0x80000007': { ...zero, edx: 0xff } }).invariantTsc).toBe(false);
    expect(decodeCpuid({ '0x80000000': { ...zero, eax: 0x80000004 }, '0x80000007': { ...zero, edx: 0x100 } }).invariantTsc).toBeNull();
  });

  it('reads the second hypervisor base only behind "Microsoft Hv", and the timing leaf only when implemented', () => {
    const machine: CpuidDump = guest({
      '0x0': { ...zero, eax: 0x16 },
      '0x80000000': { ...zero, eax: 0x80000008 },
      '0x40000000': signature('Microsoft Hv', 0x4000000b),
      '0x40000100': signature('XenVMMXenVMM', 0x40000110),
      '0x40000110': { ...zero, eax: 2_000_000 },
    });
    const asked: number[] = [];
    const dump = leavesToRead((leaf) => {
      asked.push(leaf);
      return machine[leafKey(leaf)] ?? zero;
    });
    expect(asked).toContain(0x40000100);
    expect(asked).toContain(0x40000110);
    expect(asked).not.toContain(0x40000010);
    expect(decodeCpuid(dump).hypervisors.map((leaf) => [leaf.signature, leaf.tscHz])).toEqual([
      ['Microsoft Hv', null],
      ['XenVMMXenVMM', 2_000_000_000],
    ]);

    const bare: number[] = [];
    leavesToRead((leaf) => {
      bare.push(leaf);
      return leaf === 0 ? { ...zero, eax: 0x16 } : zero;
    });
    expect(bare.some((leaf) => leaf >= 0x40000000 && leaf < 0x80000000)).toBe(false);
  });
});
