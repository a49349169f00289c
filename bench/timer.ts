// The timer: what an empty timed region costs in mintbench and in the C reference's identical pair
// of fenced reads, and what the other clocks cost per read, for the claim that the TSC is the finer
// one. mintbench measures its overhead once per process, so each pair starts a fresh Node process.
import { median } from 'simple-statistics';

import { runAddonInChild } from '../test/helpers/addon-child.js';
import { alternate } from './pairs.js';
import { referenceTimer } from './reference.js';
import { describeSpread, format, judge, ratioRow, within, type Row } from './table.js';
import { PAIRS, type BenchTarget } from './versus-c.js';

interface ChildTimer {
  overheadTicks: number;
  hz: number;
  /** Mean nanoseconds per process.hrtime.bigint() over a million calls. */
  hrtimeNs: number;
}

const CHILD = `
  const timer = await addon.timer();
  const calls = 1e6;
  const start = process.hrtime.bigint();
  let last = start;
  for (let i = 0; i < calls; i++) last = process.hrtime.bigint();
  return { overheadTicks: timer.overheadTicks, hz: timer.hz, hrtimeNs: Number(last - start) / calls };`;

export async function timerVersusC({ program }: BenchTarget): Promise<Row[]> {
  const regionNs: number[] = [];
  const hrtimeNs: number[] = [];
  const clockGettimeNs: number[] = [];
  const pairs = await alternate(
    PAIRS,
    () => {
      const child = runAddonInChild(CHILD) as ChildTimer;
      regionNs.push((child.overheadTicks / child.hz) * 1e9);
      hrtimeNs.push(child.hrtimeNs);
      return child.overheadTicks;
    },
    () => {
      const reference = referenceTimer(program);
      clockGettimeNs.push(reference.clockGettimeNs);
      return reference.overheadTicks;
    },
  );
  // The warm-up pair's values are not counted.
  const counted = (values: number[]) => values.slice(1);
  const [region, gettime, hrtime] = [regionNs, clockGettimeNs, hrtimeNs].map((values) => median(counted(values))) as [
    number,
    number,
    number,
  ];
  return [
    ratioRow(
      'Empty timed region: ticks (minimum of 100,000), mintbench / C pair',
      pairs,
      'ticks',
      within(0.05),
      `${String(PAIRS)} pairs of processes, after 1 warm-up pair`,
    ),
    {
      row: 'Back-to-back clock reads, ns: empty TSC region (minimum) / clock_gettime(CLOCK_MONOTONIC) (mean) / process.hrtime.bigint() (mean)',
      measured: `${format(region)} / ${format(gettime)} / ${format(hrtime)} ns`,
      spread: `clock_gettime ${describeSpread(counted(clockGettimeNs), 1)}; hrtime ${describeSpread(counted(hrtimeNs), 1)}`,
      basis: `medians of ${String(PAIRS)} processes each (a million calls each)`,
      ...judge(region < Math.min(gettime, hrtime) ? 1 : 0, { text: 'the TSC region is the cheapest', met: (cheapest) => cheapest === 1 }),
    },
  ];
}
