// Decoding of CPUID register values (x86-64). Pure: takes a dump of leaves, returns facts.
// The leaves are documented in Intel's SDM vol. 2A (CPUID), AMD's APM vol. 3, the Hyper-V TLFS and
// VMware's "timing information" leaf 0x40000010, which KVM/QEMU and others also use.
import type { CpuidRegisters } from '../measure/native.js';

/** Leaves as read on one machine, keyed by `leafKey(leaf, subleaf)`; absent leaves read as zeros. */
export type CpuidDump = Record<string, CpuidRegisters>;

const LEAF_VENDOR = 0x0;
const LEAF_FEATURES = 0x1;
const LEAF_TSC_CRYSTAL = 0x15;
const LEAF_FREQUENCY = 0x16;
/** A hypervisor's vendor leaf. KVM and Xen, when they also offer Hyper-V's interface, put
 * "Microsoft Hv" there and their own signature at the next base, 0x40000100. */
const HYPERVISOR_BASE = 0x40000000;
const HYPERVISOR_SECOND_BASE = 0x40000100;
const HYPER_V_SIGNATURE = 'Microsoft Hv';
/** Offset of the timing leaf from a hypervisor's base: EAX = TSC kHz, EBX = bus (APIC) kHz. */
const HYPERVISOR_TIMING_OFFSET = 0x10;
const LEAF_EXTENDED_MAX = 0x80000000;
const LEAF_BRAND_FIRST = 0x80000002;
const LEAF_POWER = 0x80000007;

const HYPERVISOR_PRESENT_BIT = 31; // leaf 1 ECX
const INVARIANT_TSC_BIT = 8; // leaf 0x80000007 EDX

export function leafKey(leaf: number, subleaf = 0): string {
  return `0x${leaf.toString(16)}${subleaf === 0 ? '' : `.${subleaf.toString(16)}`}`;
}

const ZERO: CpuidRegisters = { eax: 0, ebx: 0, ecx: 0, edx: 0 };

function leaf(dump: CpuidDump, number: number): CpuidRegisters {
  return dump[leafKey(number)] ?? ZERO;
}

function bit(value: number, index: number): boolean {
  return ((value >>> index) & 1) === 1;
}

/** Registers as little-endian ASCII, the way CPUID spells vendor strings; NULs dropped. */
export function registersText(...values: number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => bytes.writeUInt32LE(value >>> 0, i * 4));
  return bytes.toString('latin1').replace(/\0+/g, '');
}

/** A hypervisor's vendor signature at one base leaf, e.g. "KVMKVMKVM" at 0x40000000. */
interface HypervisorLeaf {
  base: number;
  signature: string;
  /** Highest leaf this hypervisor implements (EAX of its base leaf). */
  maxLeaf: number;
  /** TSC frequency from its timing leaf, when it has one and reports it. */
  tscHz: number | null;
}

export interface CpuidFacts {
  vendor: string;
  brand: string | null;
  family: number;
  model: number;
  stepping: number;
  /** CPUID.1:ECX[31]: the CPU says it runs under a hypervisor. */
  hypervisorBit: boolean;
  hypervisors: HypervisorLeaf[];
  /** CPUID.80000007H:EDX[8]; null when the CPU does not implement that leaf. */
  invariantTsc: boolean | null;
  /** Leaf 0x15: crystal Hz × EBX / EAX, null when the crystal frequency is not enumerated. */
  tscHzFromCrystal: number | null;
  /** Leaf 0x16 EAX: the processor's base frequency (nominal, close to the TSC's on Intel). */
  baseHz: number | null;
}

/** A vendor signature: printable ASCII only; anything else is an unimplemented leaf's leftovers. */
function signatureAt(regs: CpuidRegisters | undefined): string | null {
  if (!regs) return null;
  const text = registersText(regs.ebx, regs.ecx, regs.edx);
  return text.trim() !== '' && /^[\x20-\x7e]+$/.test(text) ? text : null;
}

/** The bases to look at: the first, and the second only behind Hyper-V's signature. */
function hypervisorBases(first: string | null): number[] {
  if (first === null) return [];
  return first === HYPER_V_SIGNATURE ? [HYPERVISOR_BASE, HYPERVISOR_SECOND_BASE] : [HYPERVISOR_BASE];
}

function hypervisorLeaves(dump: CpuidDump): HypervisorLeaf[] {
  const found: HypervisorLeaf[] = [];
  for (const base of hypervisorBases(signatureAt(dump[leafKey(HYPERVISOR_BASE)]))) {
    const regs = dump[leafKey(base)];
    const signature = signatureAt(regs);
    if (!regs || signature === null) continue;
    const maxLeaf = regs.eax >>> 0;
    const timing = maxLeaf >= base + HYPERVISOR_TIMING_OFFSET ? leaf(dump, base + HYPERVISOR_TIMING_OFFSET) : ZERO;
    found.push({ base, signature, maxLeaf, tscHz: timing.eax > 0 ? timing.eax * 1000 : null });
  }
  return found;
}

export function decodeCpuid(dump: CpuidDump): CpuidFacts {
  const vendorLeaf = leaf(dump, LEAF_VENDOR);
  const maxBasic = vendorLeaf.eax >>> 0;
  const maxExtended = leaf(dump, LEAF_EXTENDED_MAX).eax >>> 0;
  const signature = leaf(dump, LEAF_FEATURES).eax >>> 0;
  const baseFamily = (signature >>> 8) & 0xf;
  const family = baseFamily === 0xf ? baseFamily + ((signature >>> 20) & 0xff) : baseFamily;
  const baseModel = (signature >>> 4) & 0xf;
  const model = baseFamily === 0x6 || baseFamily === 0xf ? (((signature >>> 16) & 0xf) << 4) | baseModel : baseModel;
  const hypervisorBit = bit(leaf(dump, LEAF_FEATURES).ecx, HYPERVISOR_PRESENT_BIT);

  const crystal = maxBasic >= LEAF_TSC_CRYSTAL ? leaf(dump, LEAF_TSC_CRYSTAL) : ZERO;
  const frequency = maxBasic >= LEAF_FREQUENCY ? leaf(dump, LEAF_FREQUENCY) : ZERO;
  const brandLeaves = [0, 1, 2].map((i) => leaf(dump, LEAF_BRAND_FIRST + i));
  const brand =
    maxExtended >= LEAF_BRAND_FIRST + 2 ? registersText(...brandLeaves.flatMap((r) => [r.eax, r.ebx, r.ecx, r.edx])).trim() : '';

  return {
    vendor: registersText(vendorLeaf.ebx, vendorLeaf.edx, vendorLeaf.ecx),
    brand: brand === '' ? null : brand,
    family,
    model,
    stepping: signature & 0xf,
    hypervisorBit,
    // Without the hypervisor bit, 0x4000xxxx leaves return whatever the CPU returns for an
    // unimplemented leaf (on Intel: the highest basic leaf), so they are not read.
    hypervisors: hypervisorBit ? hypervisorLeaves(dump) : [],
    invariantTsc: maxExtended >= LEAF_POWER ? bit(leaf(dump, LEAF_POWER).edx, INVARIANT_TSC_BIT) : null,
    tscHzFromCrystal: crystal.eax > 0 && crystal.ebx > 0 && crystal.ecx > 0 ? (crystal.ecx * crystal.ebx) / crystal.eax : null,
    baseHz: frequency.eax > 0 ? (frequency.eax & 0xffff) * 1e6 : null,
  };
}

/** Which leaves `decodeCpuid` needs, given what leaves 0, 1 and 0x80000000 said. */
export function leavesToRead(read: (leaf: number) => CpuidRegisters): CpuidDump {
  const dump: CpuidDump = {};
  const take = (number: number): CpuidRegisters => {
    const regs = read(number);
    dump[leafKey(number)] = regs;
    return regs;
  };
  const maxBasic = take(LEAF_VENDOR).eax >>> 0;
  const features = take(LEAF_FEATURES);
  if (maxBasic >= LEAF_TSC_CRYSTAL) take(LEAF_TSC_CRYSTAL);
  if (maxBasic >= LEAF_FREQUENCY) take(LEAF_FREQUENCY);
  const maxExtended = take(LEAF_EXTENDED_MAX).eax >>> 0;
  for (let i = LEAF_BRAND_FIRST; i <= Math.min(maxExtended, LEAF_BRAND_FIRST + 2); i += 1) take(i);
  if (maxExtended >= LEAF_POWER) take(LEAF_POWER);
  if (bit(features.ecx, HYPERVISOR_PRESENT_BIT)) {
    const first = read(HYPERVISOR_BASE);
    dump[leafKey(HYPERVISOR_BASE)] = first;
    for (const base of hypervisorBases(signatureAt(first))) {
      const regs = base === HYPERVISOR_BASE ? first : take(base);
      if (regs.eax >>> 0 >= base + HYPERVISOR_TIMING_OFFSET) take(base + HYPERVISOR_TIMING_OFFSET);
    }
  }
  return dump;
}
