// Plain-text rendering of a machine description and of warnings, for a terminal.
import { formatBytes } from '../base/units.js';
import type { MachineInfo } from './machine.js';
import type { Warning } from './warnings.js';

function yesNo(value: boolean | null, unknown = 'unknown'): string {
  return value === null ? unknown : value ? 'yes' : 'no';
}

function mhz(hz: number): string {
  return `${(hz / 1e6).toFixed(3)} MHz`;
}

function signedPercent(value: number): string {
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(4)} %`;
}

function row(label: string, value: string): string {
  return `  ${label.padEnd(14)} ${value}`;
}

export function renderWarnings(warnings: readonly Warning[]): string {
  return warnings.map((w) => `warning [${w.code}]: ${w.message}\n  what to do: ${w.remedy}`).join('\n');
}

export function renderMachine(machine: MachineInfo, warnings: readonly Warning[]): string {
  const { cpu, os, virtualization: virt, tsc, disk, mint, load, addon } = machine;
  const caches = Object.entries(cpu.cachesBytes)
    .map(([name, bytes]) => `${name} ${formatBytes(bytes)}`)
    .join(', ');
  const lines = [
    'cpu',
    row('model', `${cpu.vendor ?? 'unknown vendor'} ${cpu.model ?? ''} (${cpu.arch})`.trim()),
    row(
      'cores',
      `${cpu.logicalCpus} logical, ${cpu.physicalCores ?? 'unknown'} physical${cpu.packages === null ? '' : `, ${cpu.packages} package(s)`}`,
    ),
    row('caches', caches === '' ? 'not exposed' : caches),
    row('governor', cpu.governor ?? 'not exposed (no cpufreq: usual in a VM)'),
    row('boost', yesNo(cpu.boost, 'not exposed')),
    row('pinned to', cpu.pinnedCpu === null ? 'no CPU (the scheduler decides)' : `CPU ${cpu.pinnedCpu}`),
    'os',
    row('kernel', os.kernel ?? 'unknown'),
    row('distribution', os.distribution ?? 'unknown'),
    row('hostname', os.hostname ?? 'unknown'),
    row('versions', `node ${os.node}, mintbench ${os.mintbench}`),
    row('THP', os.transparentHugePages ?? 'not exposed'),
    'virtualization',
    row('hypervisor', `${virt.hypervisor}${virt.emulated ? '  (EMULATED CPU)' : ''}${virt.consistent ? '' : '  (sources disagree)'}`),
    ...virt.evidence.map((line) => row('', line)),
    'timer',
    row('counter', tsc.counter),
    row(
      'closing',
      `${tsc.closing}${tsc.closing.startsWith('lfence; rdtsc') ? '  (no RDTSCP: CPU number from sched_getcpu() after the region)' : ''}`,
    ),
    row(
      'TSC flags',
      `invariant ${yesNo(tsc.invariant)}, constant_tsc ${yesNo(tsc.constantTsc)}, nonstop_tsc ${yesNo(tsc.nonstopTsc)}, tsc_known_freq ${yesNo(tsc.tscKnownFreq)}`,
    ),
    row(
      'clocksource',
      `${tsc.clocksource ?? 'unknown'}${tsc.availableClocksources.length > 0 ? ` (available: ${tsc.availableClocksources.join(', ')})` : ''}`,
    ),
    ...(tsc.reported.length === 0
      ? [row('reported', 'no source states the frequency')]
      : tsc.reported.map((r) => row('reported', `${mhz(r.hz)}  ${r.source}`))),
    ...tsc.unreported.map((source) => row('not stated', source)),
    row(
      'calibrated',
      `${mhz(tsc.calibratedHz)}${tsc.relativeDifference === null ? '' : `  (${signedPercent(tsc.relativeDifference)} vs ${tsc.reported[0]?.source ?? ''})`}`,
    ),
    row(
      'calibration',
      `fit over ${(tsc.calibrationSeconds * 1e3).toFixed(0)} ms, ${tsc.calibrationSamplesKept} of ${tsc.calibrationSamples} samples kept, R² ${tsc.calibrationR2.toFixed(6)}`,
    ),
    row('overhead', `${tsc.overheadTicks} ticks = ${tsc.overheadNs.toFixed(1)} ns per empty timed region`),
  ];
  if (disk) {
    lines.push(
      'disk target',
      row('path', `${disk.path} (${disk.kind}${disk.kind === 'file' && disk.device !== null ? ` on ${disk.device}` : ''})`),
      row('size', `${disk.sizeBytes} bytes`),
      row('block size', `logical ${disk.logicalBlockBytes ?? 'unknown'}, physical ${disk.physicalBlockBytes ?? 'unknown'}`),
      row('rotational', yesNo(disk.rotational)),
      row('scheduler', disk.scheduler ?? 'unknown'),
      row('O_DIRECT', yesNo(disk.direct)),
    );
  }
  if (addon)
    lines.push(
      'addon',
      row('binary', `${addon.origin === 'prebuilt' ? 'prebuilt' : 'compiled here'}: ${addon.path}`),
      ...(addon.buildFlags.length === 0
        ? [row('built with', 'not recorded in the binary')]
        : addon.buildFlags.map((flags) => row('built with', flags))),
    );
  lines.push('mint', row('node', mint.node === null ? 'none (give one with --node)' : `${mint.node} (from ${mint.source})`));
  if (load)
    lines.push(
      'load',
      row(
        'others busy',
        `${load.otherBusyCpus.toFixed(2)} CPUs over ${load.windowSeconds.toFixed(2)} s (1-min load average ${load.loadAverage1m ?? 'unknown'})`,
      ),
    );
  lines.push('', warnings.length === 0 ? 'no warnings' : renderWarnings(warnings));
  return lines.join('\n');
}
