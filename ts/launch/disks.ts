// The disks the instances read: the thesis's HDD1 and HDD2. By default two scratch images of random
// bytes in the mintbench cache, made once and reused (A is the scratch file plain runs read); or
// what --disks names, block devices or files, which are only ever read (guests attach them read-only).
import { expected, UsageError } from '../base/errors.js';
import { cacheDir, ensureScratchFile, SCRATCH_BYTES } from '../measure/scratch.js';
import { inspectTarget } from '../measure/target.js';

export interface Disk {
  path: string;
  kind: 'scratch' | 'device' | 'file';
  sizeBytes: number;
}

/** Scratch image names, A then B. */
const SCRATCH_NAMES = ['scratch', 'scratch-b'] as const;

/** A --disks entry, checked as io checks its target (opened read-only with O_DIRECT, as guests open it). */
export function checkDisk(given: string): Disk {
  let facts;
  try {
    facts = inspectTarget(given, true);
  } catch (error) {
    throw error instanceof UsageError ? error.renameOption({ device: 'disks' }) : error;
  }
  if (facts.sizeBytes === 0) throw expected('a disk or file with something in it', 'disks', given);
  return { path: given, kind: facts.kind === 'block-device' ? 'device' : 'file', sizeBytes: facts.sizeBytes ?? 0 };
}

/** `count` disks: those `given` (--disks), else scratch images, made if missing. */
export function chooseDisks(given: readonly string[] | undefined, count: number): Disk[] {
  if (given !== undefined) {
    if (given.length < count) throw expected(`${count} disks (A,B): the configuration reads two separate disks`, 'disks', given.join(','));
    return given.slice(0, count).map(checkDisk);
  }
  return SCRATCH_NAMES.slice(0, count).map((name) => ({
    path: ensureScratchFile(SCRATCH_BYTES, cacheDir(), name),
    kind: 'scratch',
    sizeBytes: SCRATCH_BYTES,
  }));
}
