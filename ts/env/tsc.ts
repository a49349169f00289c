// The counter mintbench times with, and whether it can be trusted: the invariant-TSC bit and the
// kernel's TSC flags, the clocksource, and the counter's frequency as reported beside as calibrated.
// Pure.
import type { NativeTimer } from '../measure/native.js';
import type { CpuidFacts } from './cpuid.js';
import type { CpuinfoFacts } from './cpuinfo.js';
import { text, type FileTexts } from './files.js';
import { ticksToSeconds } from '../base/units.js';

/** A frequency some source states for the counter, and where it comes from. */
export interface ReportedFrequency {
  source: string;
  hz: number;
}

export interface TscFacts {
  /** The counter read by timed regions: "tsc", "cntvct_el0" or "clock_monotonic_raw". */
  counter: string;
  /** The instructions that close a timed region (NativeTimer.closing). */
  closing: string;
  /** CPUID.80000007H:EDX[8]; null where unknown (not x86, or the leaf is missing). */
  invariant: boolean | null;
  constantTsc: boolean | null;
  nonstopTsc: boolean | null;
  tscKnownFreq: boolean | null;
  clocksource: string | null;
  availableClocksources: string[];
  /** Every stated frequency, most trustworthy first. */
  reported: ReportedFrequency[];
  /** Sources consulted that state no frequency here, and why. */
  unreported: string[];
  calibratedHz: number;
  calibrationR2: number;
  /** How long the calibration ran, how many (clock, counter) samples it took and how many the fit kept. */
  calibrationSeconds: number;
  calibrationSamples: number;
  calibrationSamplesKept: number;
  /** (calibrated − reported[0]) / reported[0]; null without a reported frequency. */
  relativeDifference: number | null;
  overheadTicks: number;
  overheadNs: number;
}

/**
 * Frequencies stated for the counter, most trustworthy first: the hypervisor's timing leaf (it
 * programs the guest's TSC), CPUID 0x15 (crystal × ratio, exact), the kernel's cpu_khz, CPUID 0x16
 * (nominal base frequency), and on aarch64 CNTFRQ_EL0.
 *
 * The kernel's cpu_khz shows in /proc/cpuinfo "cpu MHz" only when no cpufreq driver and no
 * APERF/MPERF replace it with a live core frequency; then, with tsc_known_freq, it is the
 * frequency the kernel took from the hypervisor or CPUID for the TSC.
 */
function reportedFrequencies(
  counter: string,
  cpuid: CpuidFacts | null,
  cpuinfo: CpuinfoFacts,
  hasCpufreq: boolean,
  timer: NativeTimer,
): { reported: ReportedFrequency[]; unreported: string[] } {
  const reported: ReportedFrequency[] = [];
  const unreported: string[] = [];
  if (counter === 'tsc') {
    for (const leaf of cpuid?.hypervisors ?? []) {
      const name = `cpuid 0x${(leaf.base + 0x10).toString(16)} (${leaf.signature.trim()} timing leaf)`;
      if (leaf.tscHz !== null) reported.push({ source: name, hz: leaf.tscHz });
      else
        unreported.push(
          `${name}: ${leaf.maxLeaf < leaf.base + 0x10 ? `not implemented (highest leaf 0x${leaf.maxLeaf.toString(16)})` : 'zero'}`,
        );
    }
    if (cpuid?.tscHzFromCrystal != null) reported.push({ source: 'cpuid 0x15 (crystal × ratio)', hz: cpuid.tscHzFromCrystal });
    else if (cpuid) unreported.push('cpuid 0x15: crystal frequency not enumerated');
    const kernelSaysTsc = cpuinfo.flags.has('tsc_known_freq') && !cpuinfo.flags.has('aperfmperf') && !hasCpufreq;
    if (kernelSaysTsc && cpuinfo.cpuHz !== null) reported.push({ source: 'kernel tsc_known_freq (cpuinfo "cpu MHz")', hz: cpuinfo.cpuHz });
    else unreported.push('kernel: "cpu MHz" is not the TSC\'s here (no tsc_known_freq, or cpufreq/APERF give live core clocks)');
    if (cpuid?.baseHz != null) reported.push({ source: 'cpuid 0x16 (base frequency)', hz: cpuid.baseHz });
    else if (cpuid) unreported.push('cpuid 0x16: not implemented or zero');
  } else if (timer.architecturalHz > 0) {
    reported.push({ source: counter === 'cntvct_el0' ? 'CNTFRQ_EL0' : 'nanoseconds', hz: timer.architecturalHz });
  }
  return { reported, unreported };
}

export function tscFacts(
  cpuid: CpuidFacts | null,
  cpuinfo: CpuinfoFacts,
  files: FileTexts,
  hasCpufreq: boolean,
  timer: NativeTimer,
): TscFacts {
  const x86 = cpuid !== null;
  const flag = (name: string): boolean | null => (x86 ? cpuinfo.flags.has(name) : null);
  const { reported, unreported } = reportedFrequencies(timer.source, cpuid, cpuinfo, hasCpufreq, timer);
  const best = reported[0];
  return {
    counter: timer.source,
    closing: timer.closing,
    invariant: cpuid?.invariantTsc ?? null,
    constantTsc: flag('constant_tsc'),
    nonstopTsc: flag('nonstop_tsc'),
    tscKnownFreq: flag('tsc_known_freq'),
    clocksource: text(files, 'sys/devices/system/clocksource/clocksource0/current_clocksource'),
    availableClocksources: (text(files, 'sys/devices/system/clocksource/clocksource0/available_clocksource') ?? '')
      .split(/\s+/)
      .filter(Boolean),
    reported,
    unreported,
    calibratedHz: timer.hz,
    calibrationR2: timer.calibrationR2,
    calibrationSeconds: timer.calibrationSeconds,
    calibrationSamples: timer.calibrationSamples,
    calibrationSamplesKept: timer.calibrationSamplesKept,
    relativeDifference: best ? (timer.hz - best.hz) / best.hz : null,
    overheadTicks: timer.overheadTicks,
    overheadNs: ticksToSeconds(timer.overheadTicks, timer.hz) * 1e9,
  };
}
