// The thin layer that reads this machine: files under / (or a recorded root), CPUID through the
// addon, the disk target's stat() and sysfs queue, and the load over a short window. Everything it
// returns is raw; the modules beside it decode.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { NativeAddon } from '../measure/native.js';
import { readBlockDevice } from './block-device.js';
import { leavesToRead, type CpuidDump } from './cpuid.js';
import type { DiskInputs } from './disk.js';
import { CACHE_FILES, CPU_DIR, CPU_FILES, FIXED_FILES, POLICY_FILES, type FileTexts } from './files.js';
import { LOAD_WINDOW_MS, loadFacts, parseProcStat, type LoadFacts } from './load.js';
import type { MachineInputs } from './machine.js';
import { MINT_NODE_FILES } from './mint.js';

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
}

function entries(dir: string, pattern: RegExp): string[] {
  try {
    return readdirSync(dir).filter((name) => pattern.test(name));
  } catch {
    return [];
  }
}

/** Reads every file the description uses, under `root`; absent or unreadable files are left out. */
export function readMachineFiles(root = '/'): FileTexts {
  const wanted: string[] = [...FIXED_FILES, ...MINT_NODE_FILES];
  for (const cpu of entries(path.join(root, CPU_DIR), /^cpu\d+$/)) {
    wanted.push(...CPU_FILES.map((file) => `${CPU_DIR}/${cpu}/${file}`));
  }
  for (const index of entries(path.join(root, CPU_DIR, 'cpu0', 'cache'), /^index\d+$/)) {
    wanted.push(...CACHE_FILES.map((file) => `${CPU_DIR}/cpu0/cache/${index}/${file}`));
  }
  for (const policy of entries(path.join(root, CPU_DIR, 'cpufreq'), /^policy\d+$/)) {
    wanted.push(...POLICY_FILES.map((file) => `${CPU_DIR}/cpufreq/${policy}/${file}`));
  }
  const files: FileTexts = {};
  for (const file of wanted) {
    const content = readText(path.join(root, file));
    if (content !== undefined) files[file] = content;
  }
  return files;
}

/** The CPUID leaves the description decodes; null where the addon has no CPUID. */
function readCpuid(addon: NativeAddon): CpuidDump | null {
  if (addon.cpuid(0) === null) return null;
  return leavesToRead((leaf) => addon.cpuid(leaf) ?? { eax: 0, ebx: 0, ecx: 0, edx: 0 });
}

/**
 * stat() of the target and sysfs of the block device holding it (the device itself, or the one its
 * file system lives on). Never opens the target: only its metadata and /sys are read.
 */
export function readDisk(target: string, direct: boolean, root = '/'): DiskInputs {
  const stat = statSync(target, { bigint: true });
  const blockDevice = stat.isBlockDevice();
  const sysfs = readBlockDevice(blockDevice ? stat.rdev : stat.dev, readText, root);
  return {
    path: target,
    kind: blockDevice ? 'block-device' : 'file',
    // A block device's stat() size is 0: its size is sysfs's.
    sizeBytes: blockDevice ? (sysfs?.sizeBytes ?? 0) : Number(stat.size),
    deviceName: sysfs?.name ?? null,
    queue: sysfs?.queue ?? {},
    direct,
  };
}

/** Other processes' CPU use over LOAD_WINDOW_MS (this process sleeps meanwhile). */
export async function measureLoad(logicalCpus: number, root = '/'): Promise<LoadFacts | null> {
  const stat = path.join(root, 'proc/stat');
  const before = parseProcStat(readText(stat) ?? '');
  const ownBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await sleep(LOAD_WINDOW_MS);
  const after = parseProcStat(readText(stat) ?? '');
  const own = process.cpuUsage(ownBefore);
  const windowSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!before || !after) return null;
  return loadFacts(
    before,
    after,
    logicalCpus,
    windowSeconds,
    (own.user + own.system) / 1e6,
    readText(path.join(root, 'proc/loadavg')) ?? null,
  );
}

/** Everything the description decodes, raw: for `info --inputs`, bug reports and test fixtures. */
export function readMachineInputs(addon: NativeAddon, root = '/'): MachineInputs {
  return { arch: process.arch, cpuid: readCpuid(addon), files: readMachineFiles(root) };
}
