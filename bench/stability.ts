// How steady mintbench's numbers are: the CoV of the 10 repetitions of a CPU run and of a 1 MiB
// memory run, and the CoV between 10 such runs, which shows the machine's phases. The runs are the
// defaults with a quarter of the work per repetition (about 50 ms instead of 200), so that 20 runs
// fit in the bench's time on a busy machine.
import { median } from 'simple-statistics';

import { DEFAULT_COPIES, DEFAULT_INCREMENTS } from '../ts/measure/plan.js';
import { runCpu, runMem, type WorkloadRun } from '../ts/measure/run.js';
import { summarize } from '../ts/stats/summary.js';
import { below, medianRow, percent, type Row } from './table.js';

const RUNS = 10;
const MEM_BYTES = 1024 * 1024;
const INCREMENTS = DEFAULT_INCREMENTS / 4;
const COPIES = DEFAULT_COPIES / 4;

function ticksOf(run: WorkloadRun): number[] {
  return run.series[0]!.repetitions.map((rep) => rep.ticks);
}

function rows(name: string, runs: number[][], withinPercent: number): Row[] {
  const withinRun = runs.map((ticks) => summarize(ticks).coefficientOfVariation * 100);
  const betweenRuns = summarize(runs.map((ticks) => median(ticks))).coefficientOfVariation;
  return [
    medianRow(
      `Stability: ${name}, CoV of the repetitions within a run (median over runs)`,
      withinRun,
      '%',
      `${String(runs.length)} runs × ${String(runs[0]!.length)} repetitions, after 1 warm-up each`,
      below(withinPercent, `under ${String(withinPercent)} % (on an idle machine)`),
      2,
    ),
    {
      row: `Stability: ${name}, CoV between runs (of each run's median)`,
      measured: percent(betweenRuns),
      spread: '',
      basis: `${String(runs.length)} runs, one after the other`,
      target: '—',
      status: '—',
    },
  ];
}

/** Runs of 10 repetitions after 1 warm-up (the defaults), CPU and memory alternating. */
export async function stability(): Promise<Row[]> {
  const cpu: number[][] = [];
  const mem: number[][] = [];
  for (let i = 0; i < RUNS; i += 1) {
    cpu.push(ticksOf(await runCpu({ iterations: INCREMENTS })));
    mem.push(ticksOf(await runMem({ sizes: [MEM_BYTES], copies: COPIES })));
  }
  return [
    ...rows(`CPU (${String(INCREMENTS / 1e6)}M increments a repetition)`, cpu, 1),
    ...rows(`memcpy 1M (${String(COPIES)} copies a repetition)`, mem, 2),
  ];
}
