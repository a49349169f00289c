// mintbench against fio on random reads: psync (one pread at a time, QD1), O_DIRECT, the same block
// size and the same count of reads (number_ios, never time_based: the virtual disk lets short bursts
// through and rate-limits sustained reads, so equal times would mean unequal work).
import { spawnSync } from 'node:child_process';

import { formatBytes } from '../ts/base/units.js';
import { inspectTarget } from '../ts/measure/target.js';
import { pairsInChild, SCHEDULING } from './child-pairs.js';
import { countedPairs } from './pairs.js';
import { ratioRow, within, type Row } from './table.js';
import { PAIRS, READ_REPETITIONS, READ_SIZES, READS, type BenchTarget } from './versus-c.js';

/** Installs fio from Debian's packages when it is missing (needs root, as CI has). */
export function ensureFio(): void {
  if (spawnSync('fio', ['--version']).status === 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Waits for a dpkg lock another installer holds, rather than failing at once.
  const install = () =>
    spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', 'fio'], { stdio: 'inherit', env });
  if (install().status === 0) return;
  // A fresh machine may not have the package lists yet.
  spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update'], { stdio: 'inherit', env });
  if (install().status !== 0) throw new Error('fio is missing and apt-get could not install it (run as root, or install fio)');
}

/** A fio job of `reads` random O_DIRECT reads at QD1, fresh offsets each run, printing JSON. */
function fioArguments(file: string, readBytes: number, reads: number, blockAlignBytes: number): string[] {
  return [
    '--name=mintbench-bench',
    `--filename=${file}`,
    '--readonly',
    '--ioengine=psync',
    '--rw=randread',
    '--direct=1',
    `--bs=${String(readBytes)}`,
    `--blockalign=${String(blockAlignBytes)}`,
    `--number_ios=${String(reads)}`,
    // With replacement, as mintbench draws offsets; a new seed each run.
    '--norandommap',
    '--randrepeat=0',
    '--output-format=json',
  ];
}

interface FioOutput {
  jobs: { error: number; read: { total_ios: number; lat_ns: { mean: number } } }[];
}

/** Mean microseconds per read of fio's job, after checking it did exactly `reads` reads. */
function fioMicrosecondsPerRead(output: unknown, reads: number): number {
  const job = (output as FioOutput).jobs[0];
  if (!job || job.error !== 0) throw new Error(`fio failed with error ${String(job?.error)}`);
  if (job.read.total_ios !== reads) throw new Error(`fio read ${String(job.read.total_ios)} times, not ${String(reads)}`);
  return job.read.lat_ns.mean / 1000;
}

export function readsVersusFio({ file, hz }: BenchTarget): Row[] {
  ensureFio();
  const reads = READ_REPETITIONS * READS;
  // mintbench's alignment: what it demands of offsets on this target (st_blksize for a file).
  const blockBytes = inspectTarget(file, true).blockBytes ?? 512;
  return READ_SIZES.map((size) => {
    // No warm-up on either side: both do exactly `reads` reads, at offsets new to each run.
    const measured = pairsInChild({
      spec: { reads: READS, readBytes: size, device: file, direct: true, seed: 1000 },
      repetitions: READ_REPETITIONS,
      warmup: 0,
      command: 'fio',
      args: fioArguments(file, size, reads, blockBytes),
      pairs: PAIRS,
      freshSeeds: true,
    });
    const pairs = countedPairs(
      measured,
      (ticks) => ((ticks.reduce((sum, value) => sum + value, 0) / hz) * 1e6) / reads,
      (output) => fioMicrosecondsPerRead(output, reads),
    );
    return ratioRow(
      `Reads ${formatBytes(size)}, QD1, O_DIRECT: µs per read, mintbench / fio (psync, ${String(reads)} reads a side, blockalign ${String(blockBytes)})`,
      pairs,
      'µs',
      within(0.05),
      `${String(PAIRS)} pairs × ${String(reads)} reads a side (means; ${SCHEDULING}), after 1 warm-up pair`,
    );
  });
}
