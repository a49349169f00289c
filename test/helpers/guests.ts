// Guest tests boot QEMU under TCG, which costs about half a minute a boot. They run once, in npm test:
// test:cmake and test:sanitize re-run the whole suite only to try other builds of the addon, which a
// guest does not exercise any differently (the sanitizer's preloaded runtime would even be loaded
// into QEMU), so they skip them; so does a machine without qemu-system-x86_64.
import { spawnSync } from 'node:child_process';
import { describe } from 'vitest';

import { allowedCpus } from '../../ts/measure/limits.js';

function skipReason(): string | undefined {
  if (process.env.MINTBENCH_ADDON !== undefined)
    return 'another addon build under test (MINTBENCH_ADDON): the guest tests run with the node-gyp build only';
  if (spawnSync('qemu-system-x86_64', ['--version']).status !== 0)
    return 'qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)';
  return undefined;
}

export const guestSkipReason = skipReason();
if (guestSkipReason !== undefined) console.log(`guest tests skipped: ${guestSkipReason}`);

/** describe() for tests that boot guests; skipped as above. */
export function describeGuests(name: string, body: () => void): void {
  describe.skipIf(guestSkipReason !== undefined)(name, body);
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

/** Configurations 6 and 7 need two cores. */
export const twoCores = (allowedCpus()?.length ?? 0) >= 2;

/** config run under TCG, whatever this machine's /dev/kvm says: these tests must not depend on it. */
export const TCG = ['--accel', 'tcg'];
