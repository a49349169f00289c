// mintbench against the plain C reference, workload by workload: the same counts, the same buffers,
// the same offsets, the same counter reads. mintbench runs through its API (runCpu, runMem, runIo),
// the reference as a separate process, each with one warm-up repetition first.
// The CPU loop and memcpy have a fixed true cost that other tenants can only add to: each side does
// many short repetitions (about 2 ms, shorter than a scheduler's slice under load) and its fastest
// one counts. Reads vary by themselves: each side's median repetition counts.
import { median } from 'simple-statistics';

import { runCpu, runIo, runMem, type WorkloadRun } from '../ts/measure/run.js';
import { formatBytes } from '../ts/base/units.js';
import { fastest } from '../test/helpers/ratios.js';
import { alternate } from './pairs.js';
import { referenceCpu, referenceIo, referenceMem, type ReferenceRun } from './reference.js';
import { ratioRow, within, type Row } from './table.js';

export const PAIRS = 20;
const WARMUP = 1;
/** CPU and memcpy: measured repetitions a side in each pair. */
const SHORT_REPETITIONS = 20;
/** About 2 ms a repetition at one increment per tick near 2.5 GHz. */
const INCREMENTS = 5_000_000;
/** Bytes copied per repetition at every size: about 1–2 ms. */
const COPIED_BYTES = 32 * 1024 ** 2;
const COPY_SIZES = [256 * 1024, 512 * 1024, 1024 * 1024];
/** Reads: measured repetitions a side in each pair, and reads in each. */
export const READ_REPETITIONS = 5;
export const READS = 200;
export const READ_SIZES = [4096, 256 * 1024];
const SEED = 1;

const basis = (repetitions: number, figure: string) =>
  `${String(PAIRS)} pairs × ${String(repetitions)} repetitions a side (${figure}), after 1 warm-up pair`;

export interface BenchTarget {
  /** The C reference program. */
  program: string;
  /** The file the bench made for the reads (O_DIRECT). */
  file: string;
  /** The calibrated ticks per second. */
  hz: number;
}

/** The measured repetitions' ticks (runMix leaves the warm-up out). */
function mintbenchTicks(run: WorkloadRun): number[] {
  return run.series[0]!.repetitions.map((rep) => rep.ticks);
}

function referenceTicks(run: ReferenceRun): number[] {
  return run.ticks.slice(WARMUP);
}

export async function cpuVersusC({ program }: BenchTarget): Promise<Row[]> {
  const repetitions = SHORT_REPETITIONS;
  const pairs = await alternate(
    PAIRS,
    async () => fastest(mintbenchTicks(await runCpu({ iterations: INCREMENTS, repetitions, warmup: WARMUP }))) / INCREMENTS,
    () => fastest(referenceTicks(referenceCpu(program, INCREMENTS, WARMUP + repetitions))) / INCREMENTS,
  );
  return [
    ratioRow(
      `CPU: ticks per increment, mintbench / C (${String(INCREMENTS / 1e6)}M a repetition)`,
      pairs,
      'ticks',
      within(0.02),
      basis(repetitions, "each side's fastest"),
    ),
  ];
}

export async function memVersusC({ program }: BenchTarget): Promise<Row[]> {
  const repetitions = SHORT_REPETITIONS;
  const rows: Row[] = [];
  for (const size of COPY_SIZES) {
    const copies = COPIED_BYTES / size;
    const pairs = await alternate(
      PAIRS,
      async () => fastest(mintbenchTicks(await runMem({ sizes: [size], copies, repetitions, warmup: WARMUP }))) / copies,
      () => fastest(referenceTicks(referenceMem(program, size, copies, WARMUP + repetitions))) / copies,
    );
    rows.push(
      ratioRow(
        `memcpy ${formatBytes(size)}: ticks per copy, mintbench / C (${String(copies)} a repetition)`,
        pairs,
        'ticks',
        within(0.02),
        basis(repetitions, "each side's fastest"),
      ),
    );
  }
  return rows;
}

export async function readsVersusC({ program, file, hz }: BenchTarget): Promise<Row[]> {
  const repetitions = READ_REPETITIONS;
  const rows: Row[] = [];
  const microsecondsPerRead = (ticks: number) => ((ticks / hz) * 1e6) / READS;
  for (const size of READ_SIZES) {
    const pairs = await alternate(
      PAIRS,
      async () =>
        microsecondsPerRead(
          median(mintbenchTicks(await runIo({ device: file, sizes: [size], reads: READS, repetitions, warmup: WARMUP, seed: SEED }))),
        ),
      () => microsecondsPerRead(median(referenceTicks(referenceIo(program, file, size, READS, WARMUP + repetitions, SEED)))),
    );
    rows.push(
      ratioRow(
        `Reads ${formatBytes(size)}, QD1, O_DIRECT: µs per read, mintbench / C (the same ${String(READS)} offsets a repetition)`,
        pairs,
        'µs',
        within(0.05),
        basis(repetitions, "each side's median"),
      ),
    );
  }
  return rows;
}
