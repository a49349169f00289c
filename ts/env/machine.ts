// The whole description of a machine, from recorded inputs. Pure: the same inputs give the same
// description, so it is tested on inputs recorded (or composed) for machines other than this one.
import type { NativeTimer } from '../measure/native.js';
import type { AddonFacts } from './addon.js';
import { cpuFacts, type CpuFacts } from './cpu.js';
import { decodeCpuid, type CpuidDump } from './cpuid.js';
import { cpuinfoFacts } from './cpuinfo.js';
import type { DiskFacts } from './disk.js';
import { bracketed, CPU_DIR, CPUINFO, distribution, numbered, text, type FileTexts } from './files.js';
import { detectVirtualization, type Virtualization } from './hypervisor.js';
import type { LoadFacts } from './load.js';
import { mintNode, type MintNode } from './mint.js';
import { tscFacts, type TscFacts } from './tsc.js';

/** Everything read from a machine, before any decoding. */
export interface MachineInputs {
  /** process.arch: "x64", "arm64", ... */
  arch: string;
  /** CPUID leaves as read; null where there is no CPUID. */
  cpuid: CpuidDump | null;
  files: FileTexts;
}

export interface OsFacts {
  kernel: string | null;
  distribution: string | null;
  hostname: string | null;
  node: string;
  mintbench: string;
  /** transparent_hugepage/enabled: "always", "madvise" or "never". */
  transparentHugePages: string | null;
}

export interface MachineInfo {
  cpu: CpuFacts;
  os: OsFacts;
  virtualization: Virtualization;
  tsc: TscFacts;
  /** The `io` target; null for other workloads. */
  disk: DiskFacts | null;
  mint: MintNode;
  /** Other load when captured; null if not measured. */
  load: LoadFacts | null;
  /** The addon binary that measured; null when described from recorded inputs. */
  addon: AddonFacts | null;
}

interface DescribeOptions {
  timer: NativeTimer;
  versions: { node: string; mintbench: string };
  pinnedCpu?: number;
  nodeLabel?: string;
  disk?: DiskFacts | null;
  load?: LoadFacts | null;
  addon?: AddonFacts | null;
}

export function describeMachine(inputs: MachineInputs, options: DescribeOptions): MachineInfo {
  const { files } = inputs;
  const cpuid = inputs.cpuid ? decodeCpuid(inputs.cpuid) : null;
  const cpuinfo = cpuinfoFacts(files[CPUINFO] ?? '');
  const hasCpufreq = numbered(files, new RegExp(`^${CPU_DIR}/cpufreq/policy(\\d+)/scaling_governor$`)).length > 0;
  return {
    cpu: cpuFacts(inputs.arch, cpuid, cpuinfo, files, options.pinnedCpu ?? null),
    os: {
      kernel: text(files, 'proc/sys/kernel/osrelease'),
      distribution: distribution(text(files, 'etc/os-release')),
      hostname: text(files, 'proc/sys/kernel/hostname'),
      node: options.versions.node,
      mintbench: options.versions.mintbench,
      transparentHugePages: bracketed(text(files, 'sys/kernel/mm/transparent_hugepage/enabled')),
    },
    virtualization: detectVirtualization(cpuid, files),
    tsc: tscFacts(cpuid, cpuinfo, files, hasCpufreq, options.timer),
    disk: options.disk ?? null,
    mint: mintNode(files, options.nodeLabel),
    load: options.load ?? null,
    addon: options.addon ?? null,
  };
}
