// Is this machine virtual, and under what? CPUID first (x86), cross-checked with /sys/hypervisor,
// DMI (SMBIOS) and the device tree. Pure: takes decoded CPUID facts and file texts.
import type { CpuidFacts } from './cpuid.js';
import { text, type FileTexts } from './files.js';

/** CPUID vendor signatures (leaf 0x40000000 EBX, ECX, EDX, NULs dropped) -> name. */
const HYPERVISOR_SIGNATURES: Record<string, string> = {
  KVMKVMKVM: 'KVM',
  'Microsoft Hv': 'Hyper-V',
  VMwareVMware: 'VMware',
  XenVMMXenVMM: 'Xen',
  TCGTCGTCGTCG: 'TCG',
  VBoxVBoxVBox: 'VirtualBox',
  ' lrpepyh  vr': 'Parallels',
  'bhyve bhyve ': 'bhyve',
  ACRNACRNACRN: 'ACRN',
  QNXQVMBSQG: 'QNX',
  Jailhouse: 'Jailhouse',
};

/** QEMU's TCG translates every instruction: nothing it measures says anything about hardware. */
const EMULATORS: ReadonlySet<string> = new Set(['TCG']);

/** DMI sys_vendor / product_name patterns -> name (what firmware of each hypervisor writes). */
const DMI_PATTERNS: [RegExp, string][] = [
  [/^KVM\b|KVM Virtual Machine/, 'KVM'],
  [/^Microsoft Corporation Virtual Machine$/, 'Hyper-V'],
  [/^VMware/, 'VMware'],
  [/^Xen\b|HVM domU/, 'Xen'],
  [/^innotek GmbH|VirtualBox/, 'VirtualBox'],
  [/^Parallels/, 'Parallels'],
  [/^BHYVE/, 'bhyve'],
  [/^Google Compute Engine/, 'KVM'],
  // QEMU without "KVM" in the product: a QEMU machine, accelerated or not.
  [/^QEMU\b/, 'QEMU'],
];

export interface Virtualization {
  /** "KVM", "Hyper-V", "VMware", "Xen", "TCG", ..., "none", or "unknown" (a hypervisor without a name). */
  hypervisor: string;
  /** The CPU is emulated (QEMU TCG): times say nothing about real hardware. */
  emulated: boolean;
  /** CPUID.1:ECX[31]; null without CPUID (not x86). */
  cpuidHypervisorBit: boolean | null;
  /** Every vendor signature found, first base leaf first. */
  cpuidSignatures: string[];
  sysHypervisorType: string | null;
  dmi: string | null;
  deviceTree: string | null;
  /** What each source said, one line each; sources that disagree are marked. */
  evidence: string[];
  /** The sources that named a hypervisor all named the same one (QEMU counts as agreeing with KVM and TCG). */
  consistent: boolean;
}

/** The real hypervisor behind the signatures: behind "Microsoft Hv" may sit KVM or Xen offering Hyper-V's interface. */
function fromSignatures(signatures: string[]): string | null {
  const names = signatures.map((signature) => HYPERVISOR_SIGNATURES[signature] ?? `unknown (${JSON.stringify(signature)})`);
  return names.find((name) => name !== 'Hyper-V') ?? names[0] ?? null;
}

function fromDmi(dmi: string | null): string | null {
  if (dmi === null) return null;
  return DMI_PATTERNS.find(([pattern]) => pattern.test(dmi))?.[1] ?? null;
}

function fromDeviceTree(root: string | null, hypervisor: string | null): string | null {
  if (hypervisor !== null && /xen/i.test(hypervisor)) return 'Xen';
  // QEMU's "virt" board (arm, riscv) has this root compatible string.
  if (root !== null && root.split(/\0/).includes('linux,dummy-virt')) return 'QEMU';
  return null;
}

function agrees(a: string, b: string): boolean {
  return a === b || (a === 'QEMU' && (b === 'KVM' || b === 'TCG')) || (b === 'QEMU' && (a === 'KVM' || a === 'TCG'));
}

export function detectVirtualization(cpuid: CpuidFacts | null, files: FileTexts): Virtualization {
  const signatures = cpuid?.hypervisors.map((leaf) => leaf.signature) ?? [];
  const sysType = text(files, 'sys/hypervisor/type');
  const dmiParts = [text(files, 'sys/class/dmi/id/sys_vendor'), text(files, 'sys/class/dmi/id/product_name')].filter(
    (part) => part !== null,
  );
  const dmi = dmiParts.length > 0 ? dmiParts.join(' ') : null;
  const dtRoot = files['proc/device-tree/compatible'] ?? null;
  const dtHypervisor = text(files, 'proc/device-tree/hypervisor/compatible');
  const biosVendor = text(files, 'sys/class/dmi/id/bios_vendor');

  const named: [string, string | null][] = [
    ['cpuid', fromSignatures(signatures)],
    ['/sys/hypervisor', sysType === null ? null : sysType.toLowerCase() === 'xen' ? 'Xen' : sysType],
    ['dmi', fromDmi(dmi) ?? (biosVendor !== null && /^Xen$/i.test(biosVendor) ? 'Xen' : null)],
    ['device-tree', fromDeviceTree(dtRoot, dtHypervisor)],
  ];
  const names = named.filter((entry): entry is [string, string] => entry[1] !== null);
  // CPUID names the hypervisor that runs this CPU; the others can be older or coarser ("QEMU").
  const chosen = names.find(([, name]) => name !== 'QEMU')?.[1] ?? names[0]?.[1] ?? null;
  const bit = cpuid ? cpuid.hypervisorBit : null;
  const hypervisor = chosen ?? (bit === true ? 'unknown' : 'none');

  const evidence: string[] = [];
  if (cpuid) {
    evidence.push(
      `cpuid: hypervisor bit ${bit ? 'set' : 'clear'}${signatures.length > 0 ? `, signature ${signatures.map((s) => JSON.stringify(s)).join(' then ')}` : ''}`,
    );
  } else {
    evidence.push('cpuid: not available on this architecture');
  }
  if (sysType !== null) evidence.push(`/sys/hypervisor/type: ${sysType}`);
  if (dmi !== null) evidence.push(`dmi: ${dmi}${biosVendor !== null ? ` (bios ${biosVendor})` : ''}`);
  if (dtHypervisor !== null) evidence.push(`device-tree hypervisor: ${dtHypervisor.replace(/\0/g, ', ')}`);
  if (dtRoot !== null && fromDeviceTree(dtRoot, null) !== null) evidence.push('device-tree: linux,dummy-virt (QEMU virt board)');
  const consistent = names.every(([, name]) => agrees(name, hypervisor)) && !(bit === false && names.length > 0);
  if (!consistent)
    evidence.push(
      `disagreement: ${names.map(([source, name]) => `${source} says ${name}`).join(', ')}${bit === false ? ', cpuid bit clear' : ''}`,
    );

  return {
    hypervisor,
    emulated: EMULATORS.has(hypervisor),
    cpuidHypervisorBit: bit,
    cpuidSignatures: signatures,
    sysHypervisorType: sysType,
    dmi,
    deviceTree: dtHypervisor ?? (fromDeviceTree(dtRoot, null) !== null ? 'linux,dummy-virt' : null),
    evidence,
    consistent,
  };
}
