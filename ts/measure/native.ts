// The one module that loads the C++ addon and declares its surface. Everything else imports this.
import { createRequire } from 'node:module';

import { packageRoot } from '../base/version.js';

/** What converts ticks into seconds, and what an empty timed region costs. */
export interface NativeTimer {
  /** 'tsc' (x86-64), 'cntvct_el0' (aarch64) or 'clock_monotonic_raw' (fallback, ticks are ns). */
  source: string;
  /**
   * The instructions that close a timed region: 'rdtscp; lfence' (x86-64 with RDTSCP), 'lfence; rdtsc;
   * lfence' (x86-64 without it, e.g. QEMU's qemu64 model; the CPU number then comes from sched_getcpu()),
   * 'isb; mrs cntvct_el0; isb' (aarch64) or 'clock_gettime(CLOCK_MONOTONIC_RAW)'.
   */
  closing: string;
  /** Calibrated ticks per second (least-squares fit against CLOCK_MONOTONIC_RAW). */
  hz: number;
  /** Frequency the hardware states (CNTFRQ_EL0 on aarch64); 0 where the addon does not know it. */
  architecturalHz: number;
  calibrationSeconds: number;
  calibrationR2: number;
  /** (clock, counter) samples taken during calibration. */
  calibrationSamples: number;
  /** Those the fit used: samples whose counter reads around the clock read lie more than twice the narrowest such bracket apart were interrupted and are dropped. */
  calibrationSamplesKept: number;
  /** Minimum ticks over many empty regions; not subtracted from results. */
  overheadTicks: number;
}

/** One native call: `repetitions` timed regions, each doing L reads, M increments, N copies in turn. */
export interface NativeSpec {
  repetitions: number;
  reads?: number;
  readBytes?: number;
  device?: string;
  direct?: boolean;
  seed?: number;
  increments?: number;
  copies?: number;
  copyBytes?: number;
  /** Pin the measuring thread to this CPU for the call, then restore its mask. */
  cpu?: number;
}

export interface NativeTarget {
  kind: 'block-device' | 'file';
  sizeBytes: number;
  /** Alignment of offsets and sizes: the logical block size (BLKSSZGET) or, for files, st_blksize. */
  blockBytes: number;
  physicalBlockBytes: number;
  direct: boolean;
}

export interface NativeResult {
  /** One entry per completed repetition. */
  ticks: number[];
  cpuStart: number[];
  cpuEnd: number[];
  /** Fingerprint (FNV-1a over 64-bit words, hex) of the last read of each repetition. */
  readFingerprints: string[];
  /** Every read's offset in bytes, repetition after repetition. */
  offsets: number[];
  /** The copy destination equals its source after the run. */
  copyVerified: boolean;
  /** The run's stop() was called before all repetitions ran. */
  stopped: boolean;
  pinnedCpu: number;
  timer: NativeTimer;
  target: NativeTarget | null;
}

/** EAX, EBX, ECX, EDX of one CPUID call. */
export interface CpuidRegisters {
  eax: number;
  ebx: number;
  ecx: number;
  edx: number;
}

/** One native run under way: its result, and the stop that ends it (and no other run). */
export interface NativeRun {
  /**
   * Resolves with the completed repetitions; rejects with a runtime Error (missing device, short read),
   * or with what the progress callback threw (which also stops the run).
   */
  result: Promise<NativeResult>;
  /** Ends this run within about 100 ms; the repetition under way is discarded. Any number of calls, at any time. */
  stop(): void;
}

export interface NativeAddon {
  /** Checks `spec` (throws TypeError or RangeError), then starts the run on a worker thread. */
  run(spec: NativeSpec, onProgress?: (ticks: number) => void): NativeRun;
  timer(): Promise<NativeTimer>;
  /** The counter now, as a region would open; for checking calibration, not for timing. */
  now(): bigint;
  /** Raw CPUID(leaf, subleaf); null where the CPU has none (not x86-64). */
  cpuid(leaf: number, subleaf?: number): CpuidRegisters | null;
  readonly clockSource: string;
}

const require = createRequire(import.meta.url);
/** node-gyp-build's lookup: the addon compiled here (build/Release/), else the package's prebuild for this platform, arch and libc. */
const nodeGypBuild = require('node-gyp-build') as { resolve(dir: string): string };

/**
 * The addon this process loads: MINTBENCH_ADDON when set (the cmake-js or sanitizer build), else the one
 * node-gyp-build finds. Throws when there is none (no prebuild fits and the install compiled nothing).
 */
export function addonPath(): string {
  return process.env.MINTBENCH_ADDON ?? nodeGypBuild.resolve(packageRoot);
}

let loaded: NativeAddon | undefined;

export function loadAddon(): NativeAddon {
  loaded ??= require(addonPath()) as NativeAddon;
  return loaded;
}
