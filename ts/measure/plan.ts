// Plans a run: checks every option (counts, sizes, memory, the read target) and lays out its native
// calls, without running anything. Every command plans all its parts first, so bad input is refused
// before the first repetition, and the machine is described once, knowing the target it will read.
import { expected } from '../base/errors.js';
import { formatBytes } from '../base/units.js';
import { cpuIndex, integer } from '../base/validate.js';
import { allowedCpus, BYTES_PER_READ_OFFSET, checkMemory, checkReadSize } from './limits.js';
import type { NativeSpec } from './native.js';
import { ensureScratchFile } from './scratch.js';
import { checkTarget } from './target.js';

/** The thesis repeats every measurement 10 times. */
export const DEFAULT_REPETITIONS = 10;
/** Discarded repetitions before each series: they fault in caches, TLBs and the disk path, and let the clock ramp up. */
export const DEFAULT_WARMUP = 1;
/** About 0.1–0.3 s per repetition on a 2–4 GHz core (one increment per cycle or so). */
export const DEFAULT_INCREMENTS = 400_000_000;
/** 8000 copies at 10–40 GB/s: about 0.2–0.8 s per repetition at 1 MiB, a quarter of that at 256 KiB. */
export const DEFAULT_COPIES = 8_000;
/** Direct reads from an SSD or virtio disk at 0.1–1 ms each: roughly 0.05–0.4 s per repetition. */
export const DEFAULT_READS = 400;
/** The thesis's data sizes: 256 KB, 512 KB and 1024 KB. */
export const DEFAULT_SIZES: readonly number[] = [256 * 1024, 512 * 1024, 1024 * 1024];
export const DEFAULT_SEED = 1;

/** cpu, mem and io are the mixes 0:1:0, 0:0:1 and 1:0:0; any other ratio is a mix. */
export const WORKLOAD_NAMES = ['cpu', 'mem', 'io', 'mix'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** Multipliers L:M:N of the unit counts: each repetition does L × reads, M × increments, N × copies. */
export interface MixRatio {
  reads: number;
  increments: number;
  copies: number;
}

/** What every run asks for, whatever its workload. */
export interface PlanOptions {
  /** Measured repetitions per size (default 10). */
  repetitions?: number;
  /** Discarded repetitions before each size's measured ones (default 1). */
  warmup?: number;
  /** Pin the measuring thread to this CPU. */
  cpu?: number;
}

export interface MixPlanOptions extends PlanOptions {
  /** L:M:N; the thesis's CPU, memory and I/O runs are 0:1:0, 0:0:1 and 1:0:0. */
  ratio: MixRatio;
  /** Bytes per read and per memcpy, one series each (default 256K, 512K, 1M); ignored when L = N = 0. */
  sizes?: readonly number[];
  /** Reads per unit of L (default DEFAULT_READS). */
  reads?: number;
  /** Register increments per unit of M (default DEFAULT_INCREMENTS). */
  increments?: number;
  /** memcpy calls per unit of N (default DEFAULT_COPIES). */
  copies?: number;
  /** Block device or file to read; default: the scratch file. */
  device?: string;
  /** Seed of the offsets generator (default 1). */
  seed?: number;
  /** Go through the page cache instead of O_DIRECT. */
  buffered?: boolean;
}

export interface CpuPlanOptions extends PlanOptions {
  /** Register increments per repetition (M). */
  iterations?: number;
}

export interface MemPlanOptions extends PlanOptions {
  /** Bytes per memcpy, one series each (default 256K, 512K, 1M). */
  sizes?: readonly number[];
  /** memcpy calls per repetition (N). */
  copies?: number;
}

export interface IoPlanOptions extends PlanOptions {
  /** Bytes per read, one series each (default 256K, 512K, 1M). */
  sizes?: readonly number[];
  /** Reads per repetition (L). */
  reads?: number;
  /** Block device or file; default: the scratch file. */
  device?: string;
  /** Seed of the offsets generator (default 1). */
  seed?: number;
  /** Go through the page cache instead of O_DIRECT. */
  buffered?: boolean;
}

/** The CPU workload as the mix it is (thesis L:M:N = 0:1:0): `iterations` register increments per repetition. */
export function cpuMix<T extends CpuPlanOptions>(options: T): Omit<T, 'iterations'> & MixPlanOptions {
  const { iterations, ...rest } = options;
  return { ...rest, ratio: { reads: 0, increments: 1, copies: 0 }, increments: integer('iterations', iterations ?? DEFAULT_INCREMENTS, 1) };
}

/** The memory workload as a mix (0:0:1): `copies` memcpy calls of each size per repetition. */
export function memMix<T extends MemPlanOptions>(options: T): T & MixPlanOptions {
  return { ...options, ratio: { reads: 0, increments: 0, copies: 1 } };
}

/** The I/O workload as a mix (1:0:0): `reads` random lseek()+read() of each size per repetition, read-only. */
export function ioMix<T extends IoPlanOptions>(options: T): T & MixPlanOptions {
  return { ...options, ratio: { reads: 1, increments: 0, copies: 0 } };
}

/** What a run did, as its result states it: counts per repetition (multiplier × unit), present when above 0. */
export interface WorkloadParameters {
  repetitions: number;
  warmup: number;
  ratio: MixRatio;
  reads?: number;
  increments?: number;
  copies?: number;
  device?: string;
  /** True when `device` is the scratch file mintbench made, not a disk the user named. */
  scratchFile?: boolean;
  seed?: number;
  direct?: boolean;
  cpu?: number;
}

/** One native call: one size, warm-up and measured repetitions together. */
export interface SeriesPlan {
  sizeBytes: number | null;
  spec: NativeSpec;
}

/** A mix with every option checked and its native calls laid out: nothing has run yet. */
export interface MixPlan {
  workload: WorkloadName;
  parameters: WorkloadParameters;
  series: SeriesPlan[];
}

/** The name a ratio goes by: the thesis's three single-part programs, or a mix. */
export function workloadOf(ratio: MixRatio): WorkloadName {
  const { reads, increments, copies } = ratio;
  if (reads === 0 && copies === 0 && increments > 0) return 'cpu';
  if (reads === 0 && increments === 0 && copies > 0) return 'mem';
  if (increments === 0 && copies === 0 && reads > 0) return 'io';
  return 'mix';
}

function checkSizes(sizes: readonly number[] | undefined): number[] {
  const list = [...(sizes ?? DEFAULT_SIZES)];
  if (list.length === 0) throw expected('at least one size', 'sizes', list);
  return list.map((size) => integer('sizes', size, 1, 2 ** 34));
}

function checkRatio(ratio: unknown): MixRatio {
  const given = (typeof ratio === 'object' && ratio !== null ? ratio : {}) as Partial<Record<keyof MixRatio, unknown>>;
  const checked = {
    reads: integer('ratio', given.reads, 0, 1_000_000),
    increments: integer('ratio', given.increments, 0, 1_000_000),
    copies: integer('ratio', given.copies, 0, 1_000_000),
  };
  if (checked.reads + checked.increments + checked.copies === 0) throw expected('at least one part above 0 (L:M:N)', 'ratio', '0:0:0');
  return checked;
}

/** A per-repetition count: multiplier × unit, both checked, the product below 2^53. */
function scaled(name: string, multiplier: number, unit: number | undefined, fallback: number): number {
  if (multiplier === 0) return 0;
  const count = integer(name, unit ?? fallback, 1) * multiplier;
  return integer(name, count, 1);
}

/**
 * The evaluation program (thesis figure 5.2), planned: every repetition does, in sequence and in one
 * timed region, L × `reads` random reads, M × `increments` register increments and N × `copies`
 * memcpy calls, at each size. Reads are read-only, always.
 */
export function planMix(options: MixPlanOptions): MixPlan {
  const repetitions = integer('repetitions', options.repetitions ?? DEFAULT_REPETITIONS, 1, 1_000_000);
  const warmup = integer('warmup', options.warmup ?? DEFAULT_WARMUP, 0, 1_000);
  const cpu = options.cpu === undefined ? undefined : cpuIndex('cpu', options.cpu, allowedCpus());
  const ratio = checkRatio(options.ratio);
  const reads = scaled('reads', ratio.reads, options.reads, DEFAULT_READS);
  const increments = scaled('increments', ratio.increments, options.increments, DEFAULT_INCREMENTS);
  const copies = scaled('copies', ratio.copies, options.copies, DEFAULT_COPIES);
  const sizes: (number | null)[] = reads > 0 || copies > 0 ? checkSizes(options.sizes) : [null];
  const parameters: WorkloadParameters = { repetitions, warmup, ratio };
  if (reads > 0) parameters.reads = reads;
  if (increments > 0) parameters.increments = increments;
  if (copies > 0) parameters.copies = copies;
  // A read must fit in one read() call; a copy may be larger (memcpy has no such limit).
  if (reads > 0) for (const size of sizes) checkReadSize(size ?? 0);
  // Refuse what cannot fit before allocating anything: two copy buffers, one read buffer and every
  // offset, all live at once in a mix. The option blamed is the one behind the larger share.
  const largest = Math.max(...sizes.map((size) => size ?? 0));
  const bufferBytes = (copies > 0 ? 2 * largest : 0) + (reads > 0 ? largest : 0);
  const offsetBytes = reads * (warmup + repetitions) * BYTES_PER_READ_OFFSET;
  if (offsetBytes > bufferBytes) checkMemory('reads', reads, bufferBytes + offsetBytes);
  else checkMemory('sizes', sizes.map((size) => formatBytes(size ?? 0)).join(','), bufferBytes + offsetBytes);
  let readSpec: Pick<NativeSpec, 'reads' | 'device' | 'direct' | 'seed'> = {};
  if (reads > 0) {
    const seed = integer('seed', options.seed ?? DEFAULT_SEED, 0);
    const direct = !(options.buffered ?? false);
    const device = options.device ?? ensureScratchFile();
    checkTarget(
      device,
      sizes.map((size) => size ?? 0),
      direct,
    );
    Object.assign(parameters, { device, scratchFile: options.device === undefined, seed, direct });
    readSpec = { reads, device, direct, seed };
  }
  if (cpu !== undefined) parameters.cpu = cpu;
  const series: SeriesPlan[] = sizes.map((size) => ({
    sizeBytes: size,
    spec: {
      repetitions: warmup + repetitions,
      cpu,
      ...readSpec,
      ...(reads > 0 ? { readBytes: size ?? 0 } : {}),
      ...(increments > 0 ? { increments } : {}),
      ...(copies > 0 ? { copies, copyBytes: size ?? 0 } : {}),
    },
  }));
  return { workload: workloadOf(ratio), parameters, series };
}

/** Repetitions a plan runs, warm-ups included: what progress counts up to. */
export function plannedRepetitions(plans: readonly MixPlan[]): number {
  return plans.reduce((sum, plan) => sum + plan.series.length * (plan.parameters.warmup + plan.parameters.repetitions), 0);
}
