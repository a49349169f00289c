// Why numbers from this machine or run should not be trusted, each with what to do about it.
// Pure: machine description and run facts in, warnings out.
import type { WorkloadRun } from '../measure/run.js';
import type { MachineInfo } from './machine.js';

export interface Warning {
  /** Stable identifier, e.g. "tsc-not-invariant". */
  code: string;
  message: string;
  remedy: string;
}

/** What a run adds to the machine: pinning, the io target, migrations seen. */
export interface RunContext {
  pinnedCpu?: number | null;
  target?: { kind: 'block-device' | 'file'; direct: boolean } | null;
  /** Repetitions flagged `migrated`, of `repetitions`. */
  migratedRepetitions?: number;
  repetitions?: number;
}

/** Calibrated and reported counter frequencies further apart than this mean one of them is wrong. */
const FREQUENCY_TOLERANCE = 0.01;

function percent(value: number): string {
  return `${(value * 100).toFixed(2)} %`;
}

export function warningsFor(machine: MachineInfo, run: RunContext = {}): Warning[] {
  const warnings: Warning[] = [];
  const { tsc, cpu, virtualization, load } = machine;
  if (virtualization.emulated) {
    warnings.push({
      code: 'emulated',
      message: `THE CPU IS EMULATED (${virtualization.hypervisor}): every time measures the emulator, not hardware or virtualization`,
      remedy: 'run under KVM (QEMU -accel kvm, which needs /dev/kvm) or on bare metal; never compare these numbers with real ones',
    });
  }
  if (tsc.counter === 'tsc' && tsc.invariant === false) {
    warnings.push({
      code: 'tsc-not-invariant',
      message: 'the TSC is not invariant: its rate may follow the core frequency and it may stop in deep sleep states',
      remedy:
        'use a CPU with an invariant TSC; in a VM expose it (QEMU: -cpu host,+invtsc); otherwise set the governor to performance, turn boost off and pin the run',
    });
  }
  if (tsc.counter === 'tsc' && tsc.clocksource !== null && tsc.clocksource !== 'tsc') {
    warnings.push({
      code: 'clocksource-not-tsc',
      message: `the kernel's clocksource is ${tsc.clocksource}, not tsc: the kernel does not trust this TSC (unstable, or not synchronized between CPUs)`,
      remedy:
        'look for "TSC unstable" in dmesg; if the TSC is invariant and synchronized, select it: echo tsc > /sys/devices/system/clocksource/clocksource0/current_clocksource',
    });
  }
  const reported = tsc.reported[0];
  if (reported && tsc.relativeDifference !== null && Math.abs(tsc.relativeDifference) > FREQUENCY_TOLERANCE) {
    warnings.push({
      code: 'frequency-mismatch',
      message: `the calibrated counter frequency (${(tsc.calibratedHz / 1e6).toFixed(3)} MHz) differs from the one ${reported.source} reports (${(reported.hz / 1e6).toFixed(3)} MHz) by ${percent(tsc.relativeDifference)}`,
      remedy:
        'rerun on an idle machine; if it persists, the counter is scaled or unstable (check the clocksource and, in a VM, TSC scaling)',
    });
  }
  if (cpu.governor !== null && cpu.governor.split(',').some((governor) => governor !== 'performance')) {
    warnings.push({
      code: 'governor-not-performance',
      message: `the cpufreq governor is ${cpu.governor}: the core frequency changes with load during the run`,
      remedy:
        'set it to performance: cpupower frequency-set -g performance (or write performance to /sys/devices/system/cpu/cpufreq/policy*/scaling_governor)',
    });
  }
  if (cpu.boost === true) {
    warnings.push({
      code: 'boost-on',
      message: 'turbo/boost is on: the core frequency depends on temperature and on how many cores are busy',
      remedy:
        'turn it off: echo 0 > /sys/devices/system/cpu/cpufreq/boost, or with intel_pstate echo 1 > /sys/devices/system/cpu/intel_pstate/no_turbo',
    });
  }
  const pinned = run.pinnedCpu ?? cpu.pinnedCpu;
  if (load?.otherLoad && pinned === null) {
    warnings.push({
      code: 'unpinned-under-load',
      message: `other processes keep ${load.otherBusyCpus.toFixed(2)} CPUs busy and the run is not pinned: the measuring thread may be preempted or moved`,
      remedy: 'stop the other load, or pin the run with --cpu N to a CPU the load does not use (isolcpus= or a cpuset keeps others off it)',
    });
  }
  const target = run.target ?? (machine.disk ? { kind: machine.disk.kind, direct: machine.disk.direct } : null);
  if (target && !target.direct) {
    warnings.push({
      code: 'buffered-read',
      message: `the ${target.kind === 'file' ? 'regular file' : 'block device'} is read through the page cache (no O_DIRECT): repeated reads come from memory, not the disk`,
      remedy:
        target.kind === 'file'
          ? 'drop --buffered so reads use O_DIRECT, or read a block device with --device'
          : 'drop --buffered so reads use O_DIRECT',
    });
  }
  return [...warnings, ...migrationWarnings(run)];
}

/** Only what a finished run itself shows: its repetitions that migrated. */
export function migrationWarnings(run: RunContext): Warning[] {
  if (run.migratedRepetitions === undefined || run.migratedRepetitions === 0) return [];
  return [
    {
      code: 'migrated',
      message: `the measuring thread moved to another CPU during ${run.migratedRepetitions}${run.repetitions === undefined ? '' : ` of ${run.repetitions}`} repetitions (flagged migrated: true in the result)`,
      remedy: 'the flagged repetitions are included in the statistics; pinning the run with --cpu N avoids them',
    },
  ];
}

/** The facts of a finished run that warnings look at. */
export function runContext(run: WorkloadRun): RunContext {
  const repetitions = run.series.flatMap((series) => series.repetitions);
  const target = run.series.find((series) => series.target)?.target;
  return {
    pinnedCpu: run.parameters.cpu ?? null,
    target: target ? { kind: target.kind, direct: target.direct } : null,
    migratedRepetitions: repetitions.filter((rep) => rep.migrated).length,
    repetitions: repetitions.length,
  };
}
