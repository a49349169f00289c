// Small file systems the tests mount themselves (tmpfs: memory, never a disk), to meet a full or
// read-only file system for real, and a user other than root to meet a denied permission for real.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll } from 'vitest';

import { cliCwd } from './cli.js';
import { dependency, type Need } from './requires.js';

/** A command prefix that runs the rest as the unprivileged user nobody (65534), with no groups: see runCli(). */
export const AS_NOBODY: readonly string[] = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'];

/** tmpfs mounts of its own and the unprivileged user nobody (root, mount, setpriv): tried once, for real. */
export function needsTmpfsMounts(): Need {
  if (process.getuid?.() !== 0) return dependency('tmpfs mounts: needs root to mount a tmpfs');
  const probe = mkdtempSync(path.join(cliCwd(), 'mount-probe-'));
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4096', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
  } catch {
    return dependency('tmpfs mounts: cannot mount a tmpfs here, or setpriv is missing (apt-get install mount util-linux)');
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
  return dependency(undefined);
}

/** Mount points at or below `root`, deepest first (as /proc/self/mounts lists them, spaces escaped). */
function mountsUnder(root: string): string[] {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((point): point is string => point !== undefined && (point === root || point.startsWith(`${root}/`)))
    .sort((a, b) => b.length - a.length);
}

/** Unmounts everything mounted at or below `root` (lazily if busy), then removes `root`. */
export function unmountAllUnder(root: string): void {
  for (const point of mountsUnder(root)) {
    try {
      execFileSync('umount', [point], { stdio: 'ignore' });
    } catch {
      execFileSync('umount', ['--lazy', point], { stdio: 'ignore' });
    }
  }
  rmSync(root, { recursive: true, force: true });
}

/**
 * A directory for this test file's mounts, inside the test run's own directory (world-readable, so
 * that nobody can reach it); everything mounted in it is unmounted after the file's tests, passed or
 * failed (and by test/global-setup.ts after the whole run, should a worker die).
 */
export function useMountRoot(): () => string {
  let root: string | undefined;
  afterAll(() => {
    if (root !== undefined) unmountAllUnder(root);
  });
  return () => {
    if (root === undefined) {
      root = mkdtempSync(path.join(cliCwd(), 'mounts-'));
      chmodSync(root, 0o755);
    }
    return root;
  };
}

/** Mounts a tmpfs of `sizeBytes` (read-only if asked) at a new directory of `root`, mode 0755 (root's, not nobody's). */
export function mountTmpfs(root: string, name: string, options: { sizeBytes: number; readOnly?: boolean }): string {
  const dir = mkdtempSync(path.join(root, `${name}-`));
  chmodSync(dir, 0o755);
  const flags = [`size=${options.sizeBytes}`, 'mode=0755', ...(options.readOnly ? ['ro'] : [])];
  execFileSync('mount', ['-t', 'tmpfs', '-o', flags.join(','), 'tmpfs', dir]);
  return dir;
}

/** Fills the tmpfs at `dir` with one file, leaving `freeBytes` (a multiple of the page size) free. */
export function fillTo(dir: string, freeBytes: number): void {
  writeFileSync(path.join(dir, 'filler'), Buffer.alloc(freeBytesOf(dir) - freeBytes));
  const left = freeBytesOf(dir);
  if (left !== freeBytes) throw new Error(`fillTo: ${dir} has ${left} bytes free, not ${freeBytes}`);
}

function freeBytesOf(dir: string): number {
  const { bavail, bsize } = statfsSync(dir);
  return bavail * bsize;
}
