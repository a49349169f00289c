// mintbench against the plain C reference, workload by workload: the same counts, the same buffers,
// the same offsets, the same counter reads, each side with one warm-up repetition first. mintbench
// is the addon's run (what runCpu, runMem and runIo call), the reference a separate program; they
// alternate in one child process (bench/child-pairs.ts).
// The CPU loop and memcpy have a fixed true cost that the rest of the machine can only add to: many
// short repetitions (about 2 ms) a side, and each side's fastest counts. Reads vary by themselves:
// each side's median repetition counts.
import { median } from 'simple-statistics';

import { formatBytes } from '../ts/base/units.js';
import { fastest } from '../test/helpers/ratios.js';
import { pairsInChild, SCHEDULING, type ChildPairsOptions } from './child-pairs.js';
import { countedPairs } from './pairs.js';
import { referenceArguments, type ReferenceRun } from './reference.js';
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

export interface BenchTarget {
  /** The C reference program. */
  program: string;
  /** The file the bench made for the reads (O_DIRECT). */
  file: string;
  /** The calibrated ticks per second. */
  hz: number;
}

/** mintbench against the reference in PAIRS pairs; each side's figure from its measured repetitions' ticks. */
function againstReference(
  program: string,
  options: Omit<ChildPairsOptions, 'command' | 'pairs' | 'warmup'>,
  figure: (ticks: number[]) => number,
) {
  const measured = pairsInChild({ ...options, warmup: WARMUP, command: program, pairs: PAIRS });
  // The reference prints its warm-up too.
  return countedPairs(measured, figure, (b) => figure((b as ReferenceRun).ticks.slice(WARMUP)));
}

const basis = (repetitions: number, figure: string) =>
  `${String(PAIRS)} pairs × ${String(repetitions)} repetitions a side (each side's ${figure}; ${SCHEDULING}), after 1 warm-up pair`;

export function cpuVersusC({ program }: BenchTarget): Row[] {
  const repetitions = SHORT_REPETITIONS;
  const pairs = againstReference(
    program,
    { spec: { increments: INCREMENTS }, repetitions, args: referenceArguments.cpu(INCREMENTS, WARMUP + repetitions) },
    (ticks) => fastest(ticks) / INCREMENTS,
  );
  const row = `CPU: ticks per increment, mintbench / C (${String(INCREMENTS / 1e6)}M a repetition)`;
  return [ratioRow(row, pairs, 'ticks', within(0.02), basis(repetitions, 'fastest'))];
}

export function memVersusC({ program }: BenchTarget): Row[] {
  const repetitions = SHORT_REPETITIONS;
  return COPY_SIZES.map((size) => {
    const copies = COPIED_BYTES / size;
    const pairs = againstReference(
      program,
      { spec: { copies, copyBytes: size }, repetitions, args: referenceArguments.mem(size, copies, WARMUP + repetitions) },
      (ticks) => fastest(ticks) / copies,
    );
    const row = `memcpy ${formatBytes(size)}: ticks per copy, mintbench / C (${String(copies)} a repetition)`;
    return ratioRow(row, pairs, 'ticks', within(0.02), basis(repetitions, 'fastest'));
  });
}

export function readsVersusC({ program, file, hz }: BenchTarget): Row[] {
  const repetitions = READ_REPETITIONS;
  return READ_SIZES.map((size) => {
    const pairs = againstReference(
      program,
      {
        spec: { reads: READS, readBytes: size, device: file, direct: true, seed: SEED },
        repetitions,
        args: referenceArguments.io(file, size, READS, WARMUP + repetitions, SEED),
      },
      (ticks) => ((median(ticks) / hz) * 1e6) / READS,
    );
    const row = `Reads ${formatBytes(size)}, QD1, O_DIRECT: µs per read, mintbench / C (the same ${String(READS)} offsets a repetition)`;
    return ratioRow(row, pairs, 'µs', within(0.05), basis(repetitions, 'median'));
  });
}
