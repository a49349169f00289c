// Never call emulation KVM. A guest runs under KVM only where /dev/kvm opens and the CPU offers
// hardware virtualization (vmx or svm); otherwise under QEMU's TCG, an emulated CPU, loudly. And a
// KVM that seems usable is not trusted either: a short CPU loop is timed in the guest against the
// host, and a guest more than `threshold` times slower counts as emulated whatever the accelerator.
import { closeSync, openSync, readFileSync } from 'node:fs';

import { expected } from '../base/errors.js';
import type { Warning } from '../env/index.js';
import type { RecordLaunch, RecordSpeedCheck } from '../results/schema.js';

export const ACCEL_CHOICES = ['auto', 'kvm', 'tcg'] as const;
export type AccelChoice = (typeof ACCEL_CHOICES)[number];
export type Accel = Exclude<AccelChoice, 'auto'>;

/** A guest this many times slower than the host at a CPU loop is emulated: under KVM the loop runs at the host's speed. */
export const DEFAULT_EMULATION_THRESHOLD = 2;
/** The loop: about 1-2 ms on a current host core, some 50 ms under TCG, seconds under emulated KVM. */
export const PROBE_INCREMENTS = 4_000_000;
export const PROBE_REPETITIONS = 3;

export interface KvmState {
  usable: boolean;
  /** Why not, or what was found. */
  reason: string;
}

/** Whether KVM can run guests here: /dev/kvm opens read-write and the CPU flags show vmx or svm. */
export function kvmState(device = '/dev/kvm', cpuinfo = '/proc/cpuinfo'): KvmState {
  try {
    closeSync(openSync(device, 'r+'));
  } catch (error) {
    return { usable: false, reason: `${device} does not open (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  let flags: string;
  try {
    flags = /^flags\s*:(.*)$/m.exec(readFileSync(cpuinfo, 'utf8'))?.[1] ?? '';
  } catch {
    flags = '';
  }
  if (!/\b(vmx|svm)\b/.test(flags)) {
    return {
      usable: false,
      reason: `${device} opens, but the CPU shows neither vmx nor svm: KVM here has no hardware virtualization behind it (nested without VT-x/AMD-V) and runs guests thousands of times slower`,
    };
  }
  return { usable: true, reason: `${device} opens and the CPU has hardware virtualization` };
}

/** The accelerator for `choice`, and the loud warning when auto falls back to TCG. `--accel kvm` without usable KVM is refused. */
export function chooseAccel(choice: AccelChoice, kvm: KvmState): { accel: Accel; warning: Warning | undefined } {
  if (choice === 'tcg') return { accel: 'tcg', warning: undefined };
  if (kvm.usable) return { accel: 'kvm', warning: undefined };
  if (choice === 'kvm') throw expected('a machine where KVM works', 'accel', choice, `${kvm.reason}; use --accel tcg or auto`);
  return {
    accel: 'tcg',
    warning: {
      code: 'no-kvm',
      message: `NO USABLE KVM (${kvm.reason}): the guests run under QEMU TCG, an EMULATED CPU`,
      remedy: 'run on a host with VT-x or AMD-V and /dev/kvm for numbers about virtualization',
    },
  };
}

/** The speed check's verdict for one guest. */
export function speedCheck(increments: number, hostSeconds: number, guestSeconds: number, threshold: number): RecordSpeedCheck {
  const slowdown = guestSeconds / hostSeconds;
  return { increments, hostSeconds, guestSeconds, slowdown, threshold, tripped: slowdown > threshold };
}

/** The `emulated` warning for a guest's result, if its CPU was emulated: TCG, or a tripped speed check. */
export function emulationWarning(accel: Accel, check: RecordSpeedCheck | null): Warning | undefined {
  const tripped = check?.tripped ?? false;
  if (accel === 'kvm' && !tripped) return undefined;
  const loop = check
    ? `a CPU loop ran ${check.slowdown.toFixed(1)}× slower in the guest than on the host (threshold ${check.threshold}×)`
    : undefined;
  const message =
    accel === 'tcg'
      ? `THE GUEST'S CPU IS EMULATED (QEMU TCG, not KVM)${loop ? `: ${loop}` : ''}; every time measures the emulator`
      : `KVM IS EMULATED HERE: ${loop ?? 'the guest is too slow'}; every time measures an emulator, not hardware virtualization`;
  return {
    code: 'emulated',
    message,
    remedy:
      'run on a host with VT-x or AMD-V (bare metal, or nested virtualization exposed to this VM); never compare these numbers with real ones',
  };
}

/**
 * A guest's launch marked with the emulation check: its verdict, and `emulated` when QEMU ran TCG or
 * the check tripped, whatever accelerator was asked for; with the warning its result must carry.
 */
export function markEmulation(
  launch: RecordLaunch,
  accel: Accel,
  check: RecordSpeedCheck | null,
): { launch: RecordLaunch; warning: Warning | undefined } {
  const warning = emulationWarning(accel, check);
  if (!launch.guest) return { launch, warning: undefined };
  return { launch: { ...launch, guest: { ...launch.guest, speedCheck: check, emulated: warning !== undefined } }, warning };
}
