// CPU facts from /proc/cpuinfo and sysfs: identity, core counts, caches, frequency governor, boost.
// Pure.
import type { CpuidFacts } from './cpuid.js';
import type { CpuinfoFacts } from './cpuinfo.js';
import { CPU_DIR, numbered, parseCpuList, sysfsSizeBytes, text, type FileTexts } from './files.js';

export interface CpuFacts {
  arch: string;
  vendor: string | null;
  model: string | null;
  logicalCpus: number;
  physicalCores: number | null;
  packages: number | null;
  /** Caches of cpu0 by name ("L1d", "L1i", "L2", "L3") in bytes. */
  cachesBytes: Record<string, number>;
  /** The cpufreq governor(s) in force, comma-joined if policies differ; null without cpufreq (most guests). */
  governor: string | null;
  cpufreqDriver: string | null;
  /** Turbo/boost on; null where the kernel does not expose it. */
  boost: boolean | null;
  /** The CPU the measuring thread was pinned to; null if it was left to the scheduler. */
  pinnedCpu: number | null;
}

function distinct(files: FileTexts, pattern: RegExp): string[] {
  return [
    ...new Set(
      numbered(files, pattern)
        .map(({ path }) => text(files, path))
        .filter((value) => value !== null),
    ),
  ];
}

function caches(files: FileTexts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { index } of numbered(files, new RegExp(`^${CPU_DIR}/cpu0/cache/index(\\d+)/level$`))) {
    const dir = `${CPU_DIR}/cpu0/cache/index${index}`;
    const level = text(files, `${dir}/level`);
    const type = text(files, `${dir}/type`);
    const size = text(files, `${dir}/size`);
    const bytes = size === null ? null : sysfsSizeBytes(size);
    if (level === null || bytes === null) continue;
    out[`L${level}${type === 'Data' ? 'd' : type === 'Instruction' ? 'i' : ''}`] = bytes;
  }
  return out;
}

/** On: cpufreq/boost = 1 (acpi-cpufreq, amd-pstate) or intel_pstate/no_turbo = 0; policy0/boost on newer kernels. */
function boost(files: FileTexts): boolean | null {
  const global = text(files, `${CPU_DIR}/cpufreq/boost`) ?? text(files, `${CPU_DIR}/cpufreq/policy0/boost`);
  if (global !== null) return global === '1';
  const noTurbo = text(files, `${CPU_DIR}/intel_pstate/no_turbo`);
  return noTurbo === null ? null : noTurbo === '0';
}

export function cpuFacts(
  arch: string,
  cpuid: CpuidFacts | null,
  cpuinfo: CpuinfoFacts,
  files: FileTexts,
  pinnedCpu: number | null,
): CpuFacts {
  const online = text(files, `${CPU_DIR}/online`);
  const siblings = distinct(files, new RegExp(`^${CPU_DIR}/cpu(\\d+)/topology/core_cpus_list$`));
  const threadSiblings =
    siblings.length > 0 ? siblings : distinct(files, new RegExp(`^${CPU_DIR}/cpu(\\d+)/topology/thread_siblings_list$`));
  const packages = distinct(files, new RegExp(`^${CPU_DIR}/cpu(\\d+)/topology/physical_package_id$`));
  const governors = distinct(files, new RegExp(`^${CPU_DIR}/cpufreq/policy(\\d+)/scaling_governor$`));
  const drivers = distinct(files, new RegExp(`^${CPU_DIR}/cpufreq/policy(\\d+)/scaling_driver$`));
  return {
    arch,
    vendor: cpuid?.vendor ?? cpuinfo.vendor,
    model: cpuid?.brand ?? cpuinfo.model,
    logicalCpus: online !== null ? parseCpuList(online).length : cpuinfo.logicalCpus,
    physicalCores: threadSiblings.length > 0 ? threadSiblings.length : cpuinfo.physicalCores,
    packages: packages.length > 0 ? packages.length : null,
    cachesBytes: caches(files),
    governor: governors.length > 0 ? governors.join(',') : null,
    cpufreqDriver: drivers.length > 0 ? drivers.join(',') : null,
    boost: boost(files),
    pinnedCpu,
  };
}
