// Sequences native calls into series: one series per workload and size, warm-up first, then the
// measured repetitions, each converted to seconds and summarized.
import { migrated } from './env/migration.js';
import { expected } from './errors.js';
import { loadAddon, type NativeAddon, type NativeSpec, type NativeTarget, type NativeTimer } from './native.js';
import { allowedCpus, BYTES_PER_READ_OFFSET, checkMemory } from './limits.js';
import { ensureScratchFile } from './scratch.js';
import { summarize, type Summary } from './stats.js';
import { formatBytes } from './units.js';
import { checkTarget } from './target.js';
import { cpuIndex, integer } from './validate.js';

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

export type WorkloadName = 'cpu' | 'mem' | 'io';

export interface CommonOptions {
  /** Measured repetitions per size (default 10). */
  repetitions?: number;
  /** Discarded repetitions before each size's measured ones (default 1). */
  warmup?: number;
  /** Pin the measuring thread to this CPU. */
  cpu?: number;
  /** Called after every repetition, warm-up included. */
  onProgress?: (event: ProgressEvent) => void;
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
    iterations?: number;
    copies?: number;
    reads?: number;
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
  addon.clearStop();
  const total = plans.length * (common.warmup + common.repetitions);
  let done = 0;
  const series: Series[] = [];
  let timer: NativeTimer | undefined;
  let stopped = false;

  for (const plan of plans) {
    const spec: NativeSpec = { ...plan.spec, repetitions: common.warmup + common.repetitions, cpu: common.cpu };
    let index = 0;
    const result = await addon.run(spec, () => {
      const warmup = index < common.warmup;
      index += 1;
      done += 1;
      options.onProgress?.({ workload, sizeBytes: plan.sizeBytes, warmup, done, total });
    });
    timer = result.timer;
    const repetitions = result.ticks.map((ticks, i): Repetition => {
      const cpuStart = result.cpuStart[i] ?? -1;
      const cpuEnd = result.cpuEnd[i] ?? -1;
      return { ticks, seconds: ticks / result.timer.hz, cpuStart, cpuEnd, migrated: migrated(cpuStart, cpuEnd) };
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

/** CPU workload (thesis L:M:N = 0:1:0): `iterations` register increments per repetition. */
export async function runCpu(options: CpuOptions = {}): Promise<WorkloadRun> {
  const common = checkCommon(options);
  const iterations = integer('iterations', options.iterations ?? DEFAULT_INCREMENTS, 1);
  return runSeries('cpu', common, [{ sizeBytes: null, spec: { increments: iterations } }], {
    repetitions: common.repetitions,
    warmup: common.warmup,
    iterations,
    cpu: common.cpu,
  }, options);
}

/** Memory workload (thesis 0:0:1): `copies` memcpy calls of each size per repetition. */
export async function runMem(options: MemOptions = {}): Promise<WorkloadRun> {
  const common = checkCommon(options);
  const sizes = checkSizes(options.sizes);
  const copies = integer('copies', options.copies ?? DEFAULT_COPIES, 1);
  checkMemory('sizes', sizes.map(formatBytes).join(','), 2 * Math.max(...sizes));
  const plans = sizes.map((size) => ({ sizeBytes: size, spec: { copies, copyBytes: size } }));
  return runSeries('mem', common, plans, {
    repetitions: common.repetitions,
    warmup: common.warmup,
    copies,
    cpu: common.cpu,
  }, options);
}

/** I/O workload (thesis 1:0:0): `reads` random lseek()+read() of each size per repetition, read-only. */
export async function runIo(options: IoOptions = {}): Promise<WorkloadRun> {
  const common = checkCommon(options);
  const sizes = checkSizes(options.sizes);
  const reads = integer('reads', options.reads ?? DEFAULT_READS, 1);
  const seed = integer('seed', options.seed ?? DEFAULT_SEED, 0);
  const direct = !(options.buffered ?? false);
  const offsetBytes = reads * (common.warmup + common.repetitions) * BYTES_PER_READ_OFFSET;
  checkMemory('reads', reads, offsetBytes);
  checkMemory('sizes', sizes.map(formatBytes).join(','), Math.max(...sizes) + offsetBytes);
  const scratchFile = options.device === undefined;
  const device = options.device ?? ensureScratchFile();
  checkTarget(device, sizes, direct);
  const plans = sizes.map((size) => ({ sizeBytes: size, spec: { reads, readBytes: size, device, direct, seed } }));
  return runSeries('io', common, plans, {
    repetitions: common.repetitions,
    warmup: common.warmup,
    reads,
    device,
    scratchFile,
    seed,
    direct,
    cpu: common.cpu,
  }, options);
}

/** Asks a running workload to stop after its current repetition. */
export function requestStop(addon: NativeAddon = loadAddon()): void {
  addon.requestStop();
}
