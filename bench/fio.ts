// mintbench against fio on random reads: psync (one pread at a time, QD1), O_DIRECT, the same block
// size and the same count of reads (number_ios, never time_based: the virtual disk lets short bursts
// through and rate-limits sustained reads, so equal times would mean unequal work).
import { execFileSync, spawnSync } from 'node:child_process';

import { formatBytes } from '../ts/base/units.js';
import { runIo } from '../ts/measure/run.js';
import { alternate } from './pairs.js';
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

/** Mean microseconds per read of one fio job of `reads` random O_DIRECT reads, fresh offsets each run. */
export function fioMicrosecondsPerRead(file: string, readBytes: number, reads: number, blockAlignBytes: number): number {
  const stdout = execFileSync(
    'fio',
    [
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
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const job = (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { jobs: FioJob[] }).jobs[0];
  if (!job || job.error !== 0) throw new Error(`fio failed with error ${String(job?.error)}`);
  if (job.read.total_ios !== reads) throw new Error(`fio read ${String(job.read.total_ios)} times, not ${String(reads)}`);
  return job.read.lat_ns.mean / 1000;
}

interface FioJob {
  error: number;
  read: { total_ios: number; lat_ns: { mean: number } };
}

export async function readsVersusFio({ file, hz }: BenchTarget): Promise<Row[]> {
  ensureFio();
  const rows: Row[] = [];
  const reads = READ_REPETITIONS * READS;
  for (const size of READ_SIZES) {
    let seed = 1000;
    let blockBytes = 0;
    // No warm-up on either side: both do exactly `reads` reads, at offsets new to each run.
    const pairs = await alternate(
      PAIRS,
      async () => {
        const run = await runIo({ device: file, sizes: [size], reads: READS, repetitions: READ_REPETITIONS, warmup: 0, seed: (seed += 1) });
        const series = run.series[0]!;
        blockBytes = series.target!.blockBytes;
        const ticks = series.repetitions.reduce((sum, rep) => sum + rep.ticks, 0);
        return ((ticks / hz) * 1e6) / reads;
      },
      () => fioMicrosecondsPerRead(file, size, reads, blockBytes),
    );
    rows.push(
      ratioRow(
        `Reads ${formatBytes(size)}, QD1, O_DIRECT: µs per read, mintbench / fio (psync, ${String(reads)} reads a side, blockalign ${String(blockBytes)})`,
        pairs,
        'µs',
        within(0.05),
        `${String(PAIRS)} pairs × ${String(reads)} reads a side (means), after 1 warm-up pair`,
      ),
    );
  }
  return rows;
}
