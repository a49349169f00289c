// The /proc and /sys files the machine description reads, keyed by path relative to the root
// ("proc/cpuinfo"), and small pure readers of their text.
import { parseSize } from '../base/units.js';

/** File contents by path relative to the root; a missing key means the file was absent or unreadable. */
export type FileTexts = Record<string, string>;

export const CPU_DIR = 'sys/devices/system/cpu';
export const CPUINFO = 'proc/cpuinfo';

/** Files read whole, whatever the machine. */
export const FIXED_FILES = [
  CPUINFO,
  'proc/cmdline',
  'proc/loadavg',
  'proc/sys/kernel/osrelease',
  'proc/sys/kernel/hostname',
  'etc/os-release',
  'sys/kernel/mm/transparent_hugepage/enabled',
  'sys/devices/system/clocksource/clocksource0/current_clocksource',
  'sys/devices/system/clocksource/clocksource0/available_clocksource',
  `${CPU_DIR}/online`,
  `${CPU_DIR}/cpufreq/boost`,
  `${CPU_DIR}/intel_pstate/no_turbo`,
  'sys/hypervisor/type',
  'sys/class/dmi/id/sys_vendor',
  'sys/class/dmi/id/product_name',
  'sys/class/dmi/id/bios_vendor',
  'proc/device-tree/compatible',
  'proc/device-tree/hypervisor/compatible',
] as const;

/** Per logical CPU (cpuN), per cache of cpu0 (indexN) and per cpufreq policy (policyN). */
export const CPU_FILES = ['topology/core_cpus_list', 'topology/thread_siblings_list', 'topology/physical_package_id'] as const;
export const CACHE_FILES = ['level', 'type', 'size'] as const;
export const POLICY_FILES = ['scaling_governor', 'scaling_driver', 'boost'] as const;

/** Trimmed text, or null when absent or empty. Device-tree strings are NUL-separated lists. */
export function text(files: FileTexts, path: string): string | null {
  const value = files[path]?.replace(/\0+$/, '').trim();
  return value === undefined || value === '' ? null : value;
}

/** Paths of `files` that match `pattern`, sorted by the number captured in group 1. */
export function numbered(files: FileTexts, pattern: RegExp): { path: string; index: number }[] {
  return Object.keys(files)
    .map((path) => ({ path, match: pattern.exec(path) }))
    .filter((entry): entry is { path: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ path, match }) => ({ path, index: Number(match[1]) }))
    .sort((a, b) => a.index - b.index);
}

/** The CPUs of a kernel CPU list such as `0-3,8,10-11`; malformed parts (`1-x`) are left out. */
export function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text.trim().split(',')) {
    const [first, last = first] = part.split('-').map((bound) => (/^\d+$/.test(bound) ? Number(bound) : NaN));
    if (first === undefined || last === undefined || Number.isNaN(first) || Number.isNaN(last)) continue;
    for (let cpu = first; cpu <= last; cpu += 1) cpus.push(cpu);
  }
  return cpus;
}

/** The bracketed choice of a sysfs selector: "always [madvise] never" -> "madvise". */
export function bracketed(value: string | null): string | null {
  if (value === null) return null;
  return /\[([^\]]+)\]/.exec(value)?.[1] ?? value;
}

/** "48K" / "2048K" / "1M" (sysfs cache sizes, binary units) -> bytes; null if unreadable. */
export function sysfsSizeBytes(value: string): number | null {
  try {
    return parseSize(value);
  } catch {
    return null;
  }
}

/** os-release's PRETTY_NAME, else NAME VERSION_ID. */
export function distribution(osRelease: string | null): string | null {
  if (osRelease === null) return null;
  const fields = new Map<string, string>();
  for (const line of osRelease.split('\n')) {
    const [, key, value] = /^([A-Z_]+)=(.*)$/.exec(line.trim()) ?? [];
    if (key !== undefined && value !== undefined) fields.set(key, value.replace(/^"(.*)"$/, '$1'));
  }
  return fields.get('PRETTY_NAME') ?? ([fields.get('NAME'), fields.get('VERSION_ID')].filter(Boolean).join(' ') || null);
}
