// Read-only loop devices over files the tests made: the one way tests reach a real block device.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Why loop-device tests cannot run here, or undefined when they can (root, losetup, /dev/loop-control). */
export function loopDeviceSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to attach a loop device';
  if (!existsSync('/dev/loop-control')) return 'no /dev/loop-control (loop module missing)';
  try {
    execFileSync('losetup', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'losetup is not installed (util-linux / mount package)';
  }
  return undefined;
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
