// bench/RESULTS.md: the table, when and where it was made, and how busy the rest of the machine was
// meanwhile (a shared machine disturbs every figure, whatever the alternation evens out).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

import { loadFacts, parseProcStat, type CpuTimes } from '../ts/env/load.js';
import { MINTBENCH_VERSION } from '../ts/base/version.js';
import { renderTable, type Row } from './table.js';

export interface LoadSample {
  times: CpuTimes | null;
  /** CPU seconds of this process and of the children it waited for (the C reference, fio, CLI runs). */
  ownSeconds: number;
  atMs: number;
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

function ownCpuSeconds(): number {
  // Fields after the command name: state is field 3, utime..cstime are fields 14–17.
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
  return ticks / CLOCK_TICKS_PER_SECOND;
}

export function sampleLoad(): LoadSample {
  return { times: parseProcStat(readFileSync('/proc/stat', 'utf8')), ownSeconds: ownCpuSeconds(), atMs: performance.now() };
}

/** CPUs other processes kept busy on average between two samples. */
export function otherBusyCpus(before: LoadSample, after: LoadSample): number | null {
  if (!before.times || !after.times) return null;
  const seconds = (after.atMs - before.atMs) / 1000;
  return loadFacts(before.times, after.times, os.cpus().length, seconds, after.ownSeconds - before.ownSeconds, null).otherBusyCpus;
}

function commit(): string {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // The code measured, not the results file this run is about to replace.
    const status = execFileSync('git', ['status', '--porcelain', '--', 'ts', 'native', 'bench', ':!bench/RESULTS.md'], {
      encoding: 'utf8',
    });
    const dirty = status.trim() !== '';
    return `commit ${hash}${dirty ? ' with local changes' : ''}`;
  } catch {
    return 'outside git';
  }
}

export interface BenchReport {
  startedAt: Date;
  seconds: number;
  busyCpus: number | null;
  machine: string;
  rows: readonly Row[];
}

export function renderResults({ startedAt, seconds, busyCpus, machine, rows }: BenchReport): string {
  const when = `${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const load =
    busyCpus === null
      ? 'How busy the rest of the machine was could not be read.'
      : `Other processes kept ${busyCpus.toFixed(2)} of ${String(os.cpus().length)} CPUs busy on average during the bench ` +
        `(/proc/stat, the bench's own processes taken out)${busyCpus > 0.25 ? ': the machine was shared, and every figure below was measured under that load' : ''}.`;
  return `# How close to the metal: mintbench against plain C and fio

Made by \`npm run bench\` on ${when} with mintbench ${MINTBENCH_VERSION} (${commit()}), in ${(seconds / 60).toFixed(1)} minutes.
${load}

Ratios are mintbench / reference. Each comparison alternates the two sides (A, B, A, B, …) after one
uncounted warm-up pair, so that both see the same phases of the machine; the figure is the median of
the pair ratios, the spread their interquartile range and range, and "Based on" says how many pairs,
runs or repetitions it rests on. The C reference is bench/reference.c, built with \`cc -O2\`: the same
loop, the same memcpy of page-aligned pre-touched buffers, the same lseek()+read() at the same
SplitMix64 offsets, timed with the same fenced counter reads. Against C and fio, both sides run in
one child process under SCHED_FIFO where allowed, so that other processes cannot preempt them; the
harness and stability rows run as users run mintbench, under normal scheduling. Reads go O_DIRECT
to a 512 MiB file of random bytes the bench makes. Targets are reported, not enforced.

${renderTable(rows)}

## Machine (\`mintbench info\` at the start)

\`\`\`text
${machine.trimEnd()}
\`\`\`
`;
}
