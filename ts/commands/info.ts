// `mintbench info`: what this machine is, and which warnings apply to runs on it now.
import { defineCommand } from './define.js';

import { captureMachine, readMachineInputs, renderMachine, warningsFor } from '../env/index.js';
import { loadAddon } from '../measure/native.js';
import { allowedCpus } from '../measure/limits.js';
import { inspectTarget } from '../measure/target.js';
import { cpuIndex } from '../base/validate.js';
import { namingFlags } from './flags.js';

export function command() {
  return defineCommand(
    (c) =>
      c
        .option('json', { type: 'boolean', default: false, describe: 'print the description and warnings as JSON' })
        .option('device', {
          type: 'string',
          requiresArg: true,
          describe: 'describe this io target too (checked as io would: stat(), sysfs, opened read-only but never read)',
        })
        .option('buffered', { type: 'boolean', default: false, describe: 'as io --buffered: the target would be read without O_DIRECT' })
        .option('cpu', { type: 'number', requiresArg: true, describe: 'the CPU runs would be pinned to' })
        .option('node', { type: 'string', requiresArg: true, describe: 'Mint node label, used when the kernel states no node id' })
        .option('inputs', {
          type: 'boolean',
          default: false,
          describe: 'print the raw inputs (CPUID leaves, /proc and /sys files, the calibrated timer) as JSON instead',
        }),
    namingFlags(async (args) => {
      if (args.inputs) {
        const addon = loadAddon();
        process.stdout.write(`${JSON.stringify({ ...readMachineInputs(addon), timer: await addon.timer() }, null, 2)}\n`);
        return;
      }
      const pinnedCpu = args.cpu === undefined ? undefined : cpuIndex('cpu', args.cpu, allowedCpus());
      if (args.device !== undefined) inspectTarget(args.device, !args.buffered);
      const machine = await captureMachine({ pinnedCpu, device: args.device, direct: !args.buffered, nodeLabel: args.node });
      const warnings = warningsFor(machine);
      process.stdout.write(args.json ? `${JSON.stringify({ ...machine, warnings }, null, 2)}\n` : `${renderMachine(machine, warnings)}\n`);
    }),
  );
}
