// The environment of a run: what the machine is and whether its numbers can be trusted.
import { addonPath, loadAddon, type NativeAddon } from '../measure/native.js';
import { MINTBENCH_VERSION, packageRoot } from '../base/version.js';
import { addonFacts } from './addon.js';
import { diskFacts } from './disk.js';
import { describeMachine, type MachineInfo } from './machine.js';
import { measureLoad, readDisk, readMachineInputs } from './read.js';

export type { AddonFacts } from './addon.js';
export type { MachineInfo, MachineInputs, OsFacts } from './machine.js';
export { describeMachine } from './machine.js';
export { migrationWarnings, runContext, warningsFor, type RunContext, type Warning } from './warnings.js';
export { diffEnvironments, type EnvironmentChange } from './diff.js';
export { migrated } from './migration.js';
export { readMachineInputs } from './read.js';
export { renderMachine, renderWarnings } from './render.js';

export interface CaptureOptions {
  /** The CPU the run is pinned to (--cpu). */
  pinnedCpu?: number;
  /** The `io` target: a block device or file; described by stat() and sysfs only, never opened. */
  device?: string;
  /** Whether `io` reads the target with O_DIRECT (default true). */
  direct?: boolean;
  /** The Mint node label the user gave, used when the kernel states none. */
  nodeLabel?: string;
  /** Measure other load over a short window (default true; adds about 250 ms). */
  measureLoad?: boolean;
  addon?: NativeAddon;
}

/** Reads and describes this machine. The timer is the addon's (calibrated once per process). */
export async function captureMachine(options: CaptureOptions = {}): Promise<MachineInfo> {
  const addon = options.addon ?? loadAddon();
  const inputs = readMachineInputs(addon);
  const disk = options.device === undefined ? null : diskFacts(readDisk(options.device, options.direct ?? true));
  const machine = describeMachine(inputs, {
    timer: await addon.timer(),
    versions: { node: process.versions.node, mintbench: MINTBENCH_VERSION },
    pinnedCpu: options.pinnedCpu,
    nodeLabel: options.nodeLabel,
    disk,
    addon: addonFacts(addonPath(), packageRoot),
  });
  // After calibration, so that mintbench's own work stays out of the window.
  const load = options.measureLoad === false ? null : await measureLoad(machine.cpu.logicalCpus);
  return { ...machine, load };
}
