// Guest tests boot QEMU under TCG, which costs about half a minute a boot. They run once, in npm test:
// test:cmake and test:sanitize re-run the whole suite only to try other builds of the addon, which a
// guest does not exercise any differently (the sanitizer's preloaded runtime would even be loaded
// into QEMU), so they skip them. A machine without qemu-system-x86_64 skips them too, or under CI
// fails them (test/helpers/requires.ts).
import { spawnSync } from 'node:child_process';

import { dependency, notApplicable, requires, type Need } from './requires.js';

/** What the guest tests need: the node-gyp build under test, and QEMU. */
export const guestNeeds: readonly Need[] = [
  notApplicable(
    process.env.MINTBENCH_ADDON === undefined
      ? undefined
      : 'another addon build under test (MINTBENCH_ADDON): the guest tests run with the node-gyp build only',
  ),
  dependency(
    spawnSync('qemu-system-x86_64', ['--version']).status === 0
      ? undefined
      : 'QEMU: qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)',
  ),
];

/** describe() for tests that boot guests; skipped (or failed under CI) as above. */
export function describeGuests(name: string, body: () => void): void {
  requires(...guestNeeds).describe(name, body);
}

/** Tiny counts: each part's repetitions take a few milliseconds even under TCG. */
export const TINY_SUITE = [
  'suite',
  '--reps',
  '2',
  '--warmup',
  '1',
  '--increments',
  '100000',
  '--copies',
  '2',
  '--reads',
  '2',
  '--sizes',
  '256K,512K',
];

/** config run under TCG, whatever this machine's /dev/kvm says: these tests must not depend on it. */
export const TCG = ['--accel', 'tcg'];
