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

/** One part of a machine description: a title and its label–value rows (an empty label continues the row above). */
export interface MachineSection {
  title: string;
  rows: [label: string, value: string][];
}

/** The machine as titled sections of label–value rows: what info prints, and what a report shows per configuration. */
export function machineSections(machine: MachineInfo): MachineSection[] {
  const { cpu, os, virtualization: virt, tsc, disk, mint, load, addon } = machine;
  const caches = Object.entries(cpu.cachesBytes)
    .map(([name, bytes]) => `${name} ${formatBytes(bytes)}`)
    .join(', ');
  const sections: MachineSection[] = [
    {
      title: 'cpu',
      rows: [
        ['model', `${cpu.vendor ?? 'unknown vendor'} ${cpu.model ?? ''} (${cpu.arch})`.trim()],
        [
          'cores',
          `${cpu.logicalCpus} logical, ${cpu.physicalCores ?? 'unknown'} physical${cpu.packages === null ? '' : `, ${cpu.packages} package(s)`}`,
        ],
        ['caches', caches === '' ? 'not exposed' : caches],
        ['governor', cpu.governor ?? 'not exposed (no cpufreq: usual in a VM)'],
        ['boost', yesNo(cpu.boost, 'not exposed')],
        ['pinned to', cpu.pinnedCpu === null ? 'no CPU (the scheduler decides)' : `CPU ${cpu.pinnedCpu}`],
      ],
    },
    {
      title: 'os',
      rows: [
        ['kernel', os.kernel ?? 'unknown'],
        ['distribution', os.distribution ?? 'unknown'],
        ['hostname', os.hostname ?? 'unknown'],
        ['versions', `node ${os.node}, mintbench ${os.mintbench}`],
        ['THP', os.transparentHugePages ?? 'not exposed'],
      ],
    },
    {
      title: 'virtualization',
      rows: [
        ['hypervisor', `${virt.hypervisor}${virt.emulated ? '  (EMULATED CPU)' : ''}${virt.consistent ? '' : '  (sources disagree)'}`],
        ...virt.evidence.map((line): [string, string] => ['', line]),
      ],
    },
    {
      title: 'timer',
      rows: [
        ['counter', tsc.counter],
        [
          'closing',
          `${tsc.closing}${tsc.closing.startsWith('lfence; rdtsc') ? '  (no RDTSCP: CPU number from sched_getcpu() after the region)' : ''}`,
        ],
        [
          'TSC flags',
          `invariant ${yesNo(tsc.invariant)}, constant_tsc ${yesNo(tsc.constantTsc)}, nonstop_tsc ${yesNo(tsc.nonstopTsc)}, tsc_known_freq ${yesNo(tsc.tscKnownFreq)}`,
        ],
        [
          'clocksource',
          `${tsc.clocksource ?? 'unknown'}${tsc.availableClocksources.length > 0 ? ` (available: ${tsc.availableClocksources.join(', ')})` : ''}`,
        ],
        ...(tsc.reported.length === 0
          ? [['reported', 'no source states the frequency'] as [string, string]]
          : tsc.reported.map((r): [string, string] => ['reported', `${mhz(r.hz)}  ${r.source}`])),
        ...tsc.unreported.map((source): [string, string] => ['not stated', source]),
        [
          'calibrated',
          `${mhz(tsc.calibratedHz)}${tsc.relativeDifference === null ? '' : `  (${signedPercent(tsc.relativeDifference)} vs ${tsc.reported[0]?.source ?? ''})`}`,
        ],
        [
          'calibration',
          `fit over ${(tsc.calibrationSeconds * 1e3).toFixed(0)} ms, ${tsc.calibrationSamplesKept} of ${tsc.calibrationSamples} samples kept, R² ${tsc.calibrationR2.toFixed(6)}`,
        ],
        ['overhead', `${tsc.overheadTicks} ticks = ${tsc.overheadNs.toFixed(1)} ns per empty timed region`],
      ],
    },
  ];
  if (disk) {
    sections.push({
      title: 'disk target',
      rows: [
        ['path', `${disk.path} (${disk.kind}${disk.kind === 'file' && disk.device !== null ? ` on ${disk.device}` : ''})`],
        ['size', `${disk.sizeBytes} bytes`],
        ['block size', `logical ${disk.logicalBlockBytes ?? 'unknown'}, physical ${disk.physicalBlockBytes ?? 'unknown'}`],
        ['rotational', yesNo(disk.rotational)],
        ['scheduler', disk.scheduler ?? 'unknown'],
        ['O_DIRECT', yesNo(disk.direct)],
      ],
    });
  }
  if (addon) {
    sections.push({
      title: 'addon',
      rows: [
        ['binary', `${addon.origin === 'prebuilt' ? 'prebuilt' : 'compiled here'}: ${addon.path}`],
        ...(addon.buildFlags.length === 0
          ? [['built with', 'not recorded in the binary'] as [string, string]]
          : addon.buildFlags.map((flags): [string, string] => ['built with', flags])),
      ],
    });
  }
  sections.push({
    title: 'mint',
    rows: [['node', mint.node === null ? 'none (give one with --node)' : `${mint.node} (from ${mint.source})`]],
  });
  if (load) {
    sections.push({
      title: 'load',
      rows: [
        [
          'others busy',
          `${load.otherBusyCpus.toFixed(2)} CPUs over ${load.windowSeconds.toFixed(2)} s (1-min load average ${load.loadAverage1m ?? 'unknown'})`,
        ],
      ],
    });
  }
  return sections;
}

export function renderMachine(machine: MachineInfo, warnings: readonly Warning[]): string {
  const lines = machineSections(machine).flatMap(({ title, rows }) => [title, ...rows.map(([label, value]) => row(label, value))]);
  lines.push('', warnings.length === 0 ? 'no warnings' : renderWarnings(warnings));
  return lines.join('\n');
}
