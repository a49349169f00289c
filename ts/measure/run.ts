// Sequences native calls into series: one series per workload and size, warm-up first, then the
// measured repetitions, each converted to seconds and summarized.
import { migrated } from '../env/migration.js';
import { expected } from '../base/errors.js';
import { loadAddon, type NativeAddon, type NativeSpec, type NativeTarget, type NativeTimer } from './native.js';
import { allowedCpus, BYTES_PER_READ_OFFSET, checkMemory, checkReadSize } from './limits.js';
import { ensureScratchFile } from './scratch.js';
import { summarize, type Summary } from '../stats/summary.js';
import { formatBytes, ticksToSeconds } from '../base/units.js';
import { checkTarget } from './target.js';
import { cpuIndex, integer } from '../base/validate.js';

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
export type WorkloadName = 'cpu' | 'mem' | 'io' | 'mix';

export interface CommonOptions {
  /** Measured repetitions per size (default 10). */
  repetitions?: number;
  /** Discarded repetitions before each size's measured ones (default 1). */
  warmup?: number;
  /** Pin the measuring thread to this CPU. */
  cpu?: number;
  /** Called after every repetition, warm-up included. */
  onProgress?: (event: ProgressEvent) => void;
  /** Aborting it stops the run within about 100 ms: the repetition under way is discarded, the completed ones are returned. */
  signal?: AbortSignal;
  /** Called once the options are valid, before the first repetition (e.g. to print warnings). */
  beforeRun?: (parameters: WorkloadRun['parameters']) => Promise<void> | void;
  /** The addon to use; tests may pass a fake. */
  addon?: NativeAddon;
}

export interface CpuOptions extends CommonOptions {
  /** Register increments per repetition (M). */
  iterations?: number;
}

export interface MemOptions extends CommonOptions {
  /** Bytes per memcpy, one series each (default 256K, 512K, 1M). */
  sizes?: readonly number[];
  /** memcpy calls per repetition (N). */
  copies?: number;
}

export interface IoOptions extends CommonOptions {
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

export interface ProgressEvent {
  workload: WorkloadName;
  sizeBytes: number | null;
  warmup: boolean;
  /** Repetitions finished in this run so far, warm-ups included, of `total`. */
  done: number;
  total: number;
}

export interface Repetition {
  ticks: number;
  seconds: number;
  /** CPU before the region opened and when it closed; they differ if the thread migrated. */
  cpuStart: number;
  cpuEnd: number;
  /** The thread ran on another CPU at the end than at the start: this repetition is suspect. */
  migrated: boolean;
}

export interface Series {
  workload: WorkloadName;
  /** Bytes per copy (mem) or per read (io); null for cpu. */
  sizeBytes: number | null;
  repetitions: Repetition[];
  warmup: Repetition[];
  /** Statistics of the measured repetitions' seconds. */
  summary: Summary;
  /** io only: the target as the addon opened it, and every measured read's offset. */
  target?: NativeTarget;
  offsets?: number[];
}

export interface WorkloadRun {
  workload: WorkloadName;
  parameters: {
    repetitions: number;
    warmup: number;
    /** L:M:N multipliers; the counts below are per repetition (multiplier × unit), present when above 0. */
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
  };
  timer: NativeTimer;
  series: Series[];
  /** A stop was requested: the run holds only the repetitions completed before it. */
  stopped: boolean;
}

interface SeriesPlan {
  sizeBytes: number | null;
  spec: Omit<NativeSpec, 'repetitions'>;
}

interface Common {
  repetitions: number;
  warmup: number;
  cpu: number | undefined;
}

function checkCommon(options: CommonOptions): Common {
  return {
    repetitions: integer('repetitions', options.repetitions ?? DEFAULT_REPETITIONS, 1, 1_000_000),
    warmup: integer('warmup', options.warmup ?? DEFAULT_WARMUP, 0, 1_000),
    cpu: options.cpu === undefined ? undefined : cpuIndex('cpu', options.cpu, allowedCpus()),
  };
}

function checkSizes(sizes: readonly number[] | undefined): number[] {
  const list = [...(sizes ?? DEFAULT_SIZES)];
  if (list.length === 0) throw expected('at least one size', 'sizes', list);
  return list.map((size) => integer('sizes', size, 1, 2 ** 34));
}

async function runSeries(
  workload: WorkloadName,
  common: Common,
  plans: SeriesPlan[],
  parameters: WorkloadRun['parameters'],
  options: CommonOptions,
): Promise<WorkloadRun> {
  const addon = options.addon ?? loadAddon();
  await options.beforeRun?.(parameters);
  const total = plans.length * (common.warmup + common.repetitions);
  let done = 0;
  const series: Series[] = [];
  let timer: NativeTimer | undefined;
  let stopped = false;

  const { onProgress, signal } = options;
  for (const plan of plans) {
    if (signal?.aborted) {
      stopped = true;
      break;
    }
    const spec: NativeSpec = { ...plan.spec, repetitions: common.warmup + common.repetitions, cpu: common.cpu };
    let index = 0;
    // Without a listener no callback is passed: the addon then never wakes the JS thread between regions.
    const run = addon.run(
      spec,
      onProgress &&
        (() => {
          const warmup = index < common.warmup;
          index += 1;
          done += 1;
          onProgress({ workload, sizeBytes: plan.sizeBytes, warmup, done, total });
        }),
    );
    const stop = (): void => {
      run.stop();
    };
    signal?.addEventListener('abort', stop);
    let result: Awaited<typeof run.result>;
    try {
      result = await run.result;
    } finally {
      signal?.removeEventListener('abort', stop);
    }
    timer = result.timer;
    const repetitions = result.ticks.map((ticks, i): Repetition => {
      const cpuStart = result.cpuStart[i] ?? -1;
      const cpuEnd = result.cpuEnd[i] ?? -1;
      return { ticks, seconds: ticksToSeconds(ticks, result.timer.hz), cpuStart, cpuEnd, migrated: migrated(cpuStart, cpuEnd) };
    });
    if (plan.spec.copies && !result.copyVerified && repetitions.length > 0) {
      throw new Error('The memory workload did not copy: destination differs from source after the run');
    }
    const measured = repetitions.slice(common.warmup);
    if (measured.length > 0) {
      const entry: Series = {
        workload,
        sizeBytes: plan.sizeBytes,
        repetitions: measured,
        warmup: repetitions.slice(0, common.warmup),
        summary: summarize(measured.map((rep) => rep.seconds)),
      };
      if (result.target) {
        entry.target = result.target;
        entry.offsets = result.offsets.slice(common.warmup * (plan.spec.reads ?? 0));
      }
      series.push(entry);
    }
    if (result.stopped) {
      stopped = true;
      break;
    }
  }
  return { workload, parameters, timer: timer ?? (await (options.addon ?? loadAddon()).timer()), series, stopped };
}

/** Multipliers L:M:N of the unit counts: each repetition does L × reads, M × increments, N × copies. */
export interface MixRatio {
  reads: number;
  increments: number;
  copies: number;
}

export interface MixOptions extends CommonOptions {
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

/** The name a ratio goes by: the thesis's three single-part programs, or a mix. */
export function workloadOf(ratio: MixRatio): WorkloadName {
  const { reads, increments, copies } = ratio;
  if (reads === 0 && copies === 0 && increments > 0) return 'cpu';
  if (reads === 0 && increments === 0 && copies > 0) return 'mem';
  if (increments === 0 && copies === 0 && reads > 0) return 'io';
  return 'mix';
}

/** A per-repetition count: multiplier × unit, both checked, the product below 2^53. */
function scaled(name: string, multiplier: number, unit: number | undefined, fallback: number): number {
  if (multiplier === 0) return 0;
  const count = integer(name, unit ?? fallback, 1) * multiplier;
  return integer(name, count, 1);
}

/**
 * The evaluation program (thesis figure 5.2): every repetition does, in sequence and in one timed
 * region, L × `reads` random reads, M × `increments` register increments and N × `copies` memcpy
 * calls, at each size. Reads are read-only, always.
 */
export async function runMix(options: MixOptions): Promise<WorkloadRun> {
  return runPlanned(planMix(options), options);
}

/** A mix with every option checked and its native calls laid out: nothing has run yet. */
export interface MixPlan {
  workload: WorkloadName;
  common: Common;
  series: SeriesPlan[];
  parameters: WorkloadRun['parameters'];
}

/**
 * Checks every option of a mix (memory, target, sizes, counts) and lays out its series, without
 * running anything, so that a run of several parts (the suite) refuses bad input before any work.
 */
export function planMix(options: MixOptions): MixPlan {
  const common = checkCommon(options);
  const ratio = checkRatio(options.ratio);
  const reads = scaled('reads', ratio.reads, options.reads, DEFAULT_READS);
  const increments = scaled('increments', ratio.increments, options.increments, DEFAULT_INCREMENTS);
  const copies = scaled('copies', ratio.copies, options.copies, DEFAULT_COPIES);
  const sized = reads > 0 || copies > 0;
  const sizes: (number | null)[] = sized ? checkSizes(options.sizes) : [null];
  const parameters: WorkloadRun['parameters'] = { repetitions: common.repetitions, warmup: common.warmup, ratio };
  if (reads > 0) parameters.reads = reads;
  if (increments > 0) parameters.increments = increments;
  if (copies > 0) parameters.copies = copies;
  // A read must fit in one read() call; a copy may be larger (memcpy has no such limit).
  if (reads > 0) for (const size of sizes) checkReadSize(size ?? 0);
  // Refuse what cannot fit before allocating anything: two copy buffers, one read buffer and every
  // offset, all live at once in a mix. The option blamed is the one behind the larger share.
  const largest = Math.max(...sizes.map((size) => size ?? 0));
  const bufferBytes = (copies > 0 ? 2 * largest : 0) + (reads > 0 ? largest : 0);
  const offsetBytes = reads * (common.warmup + common.repetitions) * BYTES_PER_READ_OFFSET;
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
  if (common.cpu !== undefined) parameters.cpu = common.cpu;
  const plans: SeriesPlan[] = sizes.map((size) => ({
    sizeBytes: size,
    spec: {
      ...readSpec,
      ...(reads > 0 ? { readBytes: size ?? 0 } : {}),
      ...(increments > 0 ? { increments } : {}),
      ...(copies > 0 ? { copies, copyBytes: size ?? 0 } : {}),
    },
  }));
  return { workload: workloadOf(ratio), common, series: plans, parameters };
}

/** Runs a planned mix; `options` gives the addon and the hooks. */
export function runPlanned(plan: MixPlan, options: CommonOptions): Promise<WorkloadRun> {
  return runSeries(plan.workload, plan.common, plan.series, plan.parameters, options);
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

/** CPU workload (thesis L:M:N = 0:1:0): `iterations` register increments per repetition. */
export async function runCpu(options: CpuOptions = {}): Promise<WorkloadRun> {
  const increments = integer('iterations', options.iterations ?? DEFAULT_INCREMENTS, 1);
  return runMix({ ...options, ratio: { reads: 0, increments: 1, copies: 0 }, increments });
}

/** Memory workload (thesis 0:0:1): `copies` memcpy calls of each size per repetition. */
export async function runMem(options: MemOptions = {}): Promise<WorkloadRun> {
  return runMix({ ...options, ratio: { reads: 0, increments: 0, copies: 1 } });
}

/** I/O workload (thesis 1:0:0): `reads` random lseek()+read() of each size per repetition, read-only. */
export async function runIo(options: IoOptions = {}): Promise<WorkloadRun> {
  return runMix({ ...options, ratio: { reads: 1, increments: 0, copies: 0 } });
}
