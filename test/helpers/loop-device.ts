// Read-only loop devices over files the tests made: the one way tests reach a real block device.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { dependency, type Need } from './requires.js';

/** A loop device the test attaches: root, losetup and /dev/loop-control. */
export function needsLoopDevice(): Need {
  if (process.getuid?.() !== 0) return dependency('a loop device: needs root to attach one');
  if (!existsSync('/dev/loop-control')) return dependency('a loop device: no /dev/loop-control (modprobe loop)');
  try {
    execFileSync('losetup', ['--version'], { stdio: 'ignore' });
  } catch {
    return dependency('a loop device: losetup is not installed (apt-get install mount)');
  }
  return dependency(undefined);
}

/**
 * Attaches `file` as a READ-ONLY loop device (the kernel refuses any write to it), with a logical
 * block size of `sectorBytes` if given, and passes its path to `use`; always detaches afterwards.
 * Never touches a device the test did not create.
 */
export async function withReadOnlyLoopDevice<T>(file: string, use: (device: string) => Promise<T> | T, sectorBytes?: number): Promise<T> {
  const sector = sectorBytes === undefined ? [] : ['--sector-size', String(sectorBytes)];
  const device = execFileSync('losetup', ['--find', '--show', '--read-only', ...sector, file], { encoding: 'utf8' }).trim();
  try {
    return await use(device);
  } finally {
    execFileSync('losetup', ['--detach', device]);
  }
}
