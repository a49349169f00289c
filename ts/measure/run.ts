// Runs planned mixes: one native call per size, warm-up first, then the measured repetitions, each
// converted to seconds and summarized.
import { ticksToSeconds } from '../base/units.js';
import { migrated } from '../env/migration.js';
import { summarize, type Summary } from '../stats/summary.js';
import { loadAddon, type NativeAddon, type NativeResult, type NativeRun, type NativeTarget, type NativeTimer } from './native.js';
import {
  cpuMix,
  ioMix,
  memMix,
  plannedRepetitions,
  planMix,
  type CpuPlanOptions,
  type IoPlanOptions,
  type MemPlanOptions,
  type MixPlan,
  type MixPlanOptions,
  type PlanOptions,
  type SeriesPlan,
  type WorkloadName,
  type WorkloadParameters,
} from './plan.js';

/** What a caller hands a run besides its options: progress, a way to stop it, and (in tests) the addon. */
export interface RunHooks {
  /** Called after every repetition, warm-up included. */
  onProgress?: (event: ProgressEvent) => void;
  /** Aborting it stops the run within about 100 ms: the repetition under way is discarded, the completed ones are returned. */
  signal?: AbortSignal;
  /** The addon to use; tests may pass a fake. */
  addon?: NativeAddon;
  /** Holds the first timed region until several runs can start it together (see StartGate). */
  gate?: StartGate;
}

/**
 * Where a run waits between preparing and its first timed region: the first native call allocates,
 * touches and opens everything, then `wait` is called, and the region opens when it resolves. If it
 * rejects, the run stops before any region and the error is the run's.
 */
export interface StartGate {
  wait(signal: AbortSignal | undefined): Promise<void>;
  /** When the first region opened: CLOCK_MONOTONIC ns, the clock of process.hrtime.bigint(). */
  opened(monotonicNs: bigint): void;
}

export type CommonOptions = PlanOptions & RunHooks;
export type MixOptions = MixPlanOptions & RunHooks;

export type CpuOptions = CpuPlanOptions & RunHooks;
export type MemOptions = MemPlanOptions & RunHooks;
export type IoOptions = IoPlanOptions & RunHooks;

export interface ProgressEvent {
  workload: WorkloadName;
  sizeBytes: number | null;
  warmup: boolean;
  /** Repetitions finished so far over all the parts run together, warm-ups included, of `total`. */
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
  parameters: WorkloadParameters;
  timer: NativeTimer;
  series: Series[];
  /** A stop was requested: the run holds only the repetitions completed before it. */
  stopped: boolean;
}

/** Waits at `gate` once `run` is prepared; a run that ends before (failed or stopped) never waits. */
async function passGate(run: NativeRun, gate: StartGate, signal: AbortSignal | undefined): Promise<void> {
  const prepared = await Promise.race([run.prepared.then(() => true), run.result.then(() => false)]);
  if (!prepared) return;
  try {
    await gate.wait(signal);
  } catch (error) {
    run.stop();
    await run.result.catch(() => undefined);
    throw error;
  }
  run.release();
}

/** One native call, stopped when `signal` aborts; with a `gate`, its first region waits there. */
async function runNative(
  addon: NativeAddon,
  plan: SeriesPlan,
  signal: AbortSignal | undefined,
  onRepetition?: () => void,
  gate?: StartGate,
): Promise<NativeResult> {
  // Without a listener no callback is passed: the addon then never wakes the JS thread between regions.
  const run = addon.run(gate ? { ...plan.spec, gated: true } : plan.spec, onRepetition);
  const stop = (): void => {
    run.stop();
  };
  signal?.addEventListener('abort', stop);
  try {
    if (gate) await passGate(run, gate, signal);
    const result = await run.result;
    if (gate && result.firstRegionNs !== null) gate.opened(result.firstRegionNs);
    return result;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

function toSeries(plan: MixPlan, series: SeriesPlan, result: NativeResult): Series | undefined {
  const { warmup } = plan.parameters;
  const repetitions = result.ticks.map((ticks, i): Repetition => {
    const cpuStart = result.cpuStart[i] ?? -1;
    const cpuEnd = result.cpuEnd[i] ?? -1;
    return { ticks, seconds: ticksToSeconds(ticks, result.timer.hz), cpuStart, cpuEnd, migrated: migrated(cpuStart, cpuEnd) };
  });
  if (series.spec.copies && !result.copyVerified && repetitions.length > 0) {
    throw new Error('The memory workload did not copy: destination differs from source after the run');
  }
  const measured = repetitions.slice(warmup);
  if (measured.length === 0) return undefined;
  const entry: Series = {
    workload: plan.workload,
    sizeBytes: series.sizeBytes,
    repetitions: measured,
    warmup: repetitions.slice(0, warmup),
    summary: summarize(measured.map((rep) => rep.seconds)),
  };
  if (result.target) {
    entry.target = result.target;
    entry.offsets = result.offsets.slice(warmup * (series.spec.reads ?? 0));
  }
  return entry;
}

/**
 * Runs `plans` one after the other, one WorkloadRun each; after `signal` aborts it returns the runs
 * made so far, the last one marked stopped. `onProgress` counts over all of them.
 */
export async function runPlans(plans: readonly MixPlan[], hooks: RunHooks = {}): Promise<WorkloadRun[]> {
  const addon = hooks.addon ?? loadAddon();
  const { onProgress, signal } = hooks;
  let gate = hooks.gate;
  const total = plannedRepetitions(plans);
  let done = 0;
  const runs: WorkloadRun[] = [];
  for (const plan of plans) {
    const series: Series[] = [];
    let timer: NativeTimer | undefined;
    let stopped = signal?.aborted ?? false;
    for (const seriesPlan of stopped ? [] : plan.series) {
      let index = 0;
      const result = await runNative(
        addon,
        seriesPlan,
        signal,
        onProgress &&
          (() => {
            const warmup = index < plan.parameters.warmup;
            index += 1;
            done += 1;
            onProgress({ workload: plan.workload, sizeBytes: seriesPlan.sizeBytes, warmup, done, total });
          }),
        gate,
      );
      gate = undefined; // only the first native call waits: the first timed region is the start
      timer = result.timer;
      const entry = toSeries(plan, seriesPlan, result);
      if (entry) series.push(entry);
      if (result.stopped) {
        stopped = true;
        break;
      }
    }
    runs.push({ workload: plan.workload, parameters: plan.parameters, timer: timer ?? (await addon.timer()), series, stopped });
    if (stopped) break;
  }
  return runs;
}

async function runOne(plan: MixPlan, hooks: RunHooks): Promise<WorkloadRun> {
  const [run] = await runPlans([plan], hooks);
  if (!run) throw new Error('runPlans returned no run for one plan');
  return run;
}

/**
 * The evaluation program (thesis figure 5.2): every repetition does, in sequence and in one timed
 * region, L × `reads` random reads, M × `increments` register increments and N × `copies` memcpy
 * calls, at each size. Reads are read-only, always.
 */
export async function runMix(options: MixOptions): Promise<WorkloadRun> {
  return runOne(planMix(options), options);
}

/** CPU workload (thesis L:M:N = 0:1:0): `iterations` register increments per repetition. */
export async function runCpu(options: CpuOptions = {}): Promise<WorkloadRun> {
  return runMix(cpuMix(options));
}

/** Memory workload (thesis 0:0:1): `copies` memcpy calls of each size per repetition. */
export async function runMem(options: MemOptions = {}): Promise<WorkloadRun> {
  return runMix(memMix(options));
}

/** I/O workload (thesis 1:0:0): `reads` random lseek()+read() of each size per repetition, read-only. */
export async function runIo(options: IoOptions = {}): Promise<WorkloadRun> {
  return runMix(ioMix(options));
}
