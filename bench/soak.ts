// Soak and load, as rows of the bench's table: a campaign of many rounds of tiny runs, watched from
// outside (its RSS and open fds early and late, and what it leaves behind), and one barrier that
// starts 64 runs at once (whether all start, and how far apart).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { isTempFileName } from '../ts/base/atomic-write.js';
import type { ResultRecord } from '../ts/results/schema.js';
import { loadRecords } from '../ts/results/store.js';
import { startBarrier, syncedCpuRun } from '../test/helpers/barrier.js';
import { CLI } from './harness.js';
import { below, format, judge, medianRow, within, type Row } from './table.js';

const SOAK_ROUNDS = 200;
/** Rounds at whose second run the campaign process is sampled; the row compares the first and the last. */
const SAMPLE_ROUNDS = [10, 50, 100, 150, 200];
/** Runs of a few milliseconds: the campaign's own bookkeeping is what the soak exercises. */
const TINY_ARM = 'cpu --iterations 1000 --reps 2 --warmup 0';

interface ProcessSample {
  rssKiB: number;
  fds: number;
}

function sampleProcess(pid: number): ProcessSample {
  const rss = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'))?.[1];
  if (rss === undefined) throw new Error(`no VmRSS in /proc/${String(pid)}/status`);
  return { rssKiB: Number(rss), fds: readdirSync(`/proc/${String(pid)}/fd`).length };
}

/** `mintbench campaign` of SOAK_ROUNDS rounds of two tiny arms, sampled when a sample round's second run starts. */
function soakCampaign(out: string, tmp: string): Promise<{ samples: Map<number, ProcessSample>; status: number | null; stderr: string }> {
  const args = [CLI, 'campaign', '--arm', `A=${TINY_ARM}`, '--arm', `B=${TINY_ARM}`, '--rounds', String(SOAK_ROUNDS), '--out', out];
  // Its own TMPDIR: whatever it (or a run) leaves in os.tmpdir() is then its own, not another process's.
  const child = spawn(process.execPath, args, { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'ignore', 'pipe'] });
  const samples = new Map<number, ProcessSample>();
  let stderr = '';
  let pending = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      // Printed as the run starts: the campaign is then at the same point of every round.
      const round = Number(/: round (\d+)\/\d+, run 2\/2: \S+ \.\.\.$/.exec(line)?.[1]);
      if (SAMPLE_ROUNDS.includes(round) && child.pid !== undefined) samples.set(round, sampleProcess(child.pid));
    }
  });
  return new Promise((resolve) => {
    child.on('close', (status) => {
      resolve({ samples, status, stderr });
    });
  });
}

/** A campaign of 200 rounds of tiny runs: its RSS and open fds at round 10 and at round 200, and what it left. */
export async function campaignSoak(dir: string): Promise<Row[]> {
  const out = path.join(dir, 'soak-results');
  mkdirSync(out, { recursive: true });
  const tmp = mkdtempSync(path.join(dir, 'soak-tmp-'));
  const startedMs = Date.now();
  const { samples, status, stderr } = await soakCampaign(out, tmp);
  const minutes = (Date.now() - startedMs) / 60_000;
  if (status !== 0) throw new Error(`the campaign exited with ${String(status)}: ${stderr.slice(-2000)}`);
  const first = samples.get(SAMPLE_ROUNDS[0]!);
  const last = samples.get(SOAK_ROUNDS);
  if (first === undefined || last === undefined) throw new Error(`sampled rounds ${[...samples.keys()].join(', ')} only`);
  const runs = 2 * SOAK_ROUNDS;
  const basis = `1 campaign: ${String(SOAK_ROUNDS)} rounds × 2 arms (${TINY_ARM}), ${format(minutes)} min`;
  const trail = (pick: (sample: ProcessSample) => number) =>
    SAMPLE_ROUNDS.filter((round) => samples.has(round))
      .map((round) => `round ${String(round)}: ${format(pick(samples.get(round)!), 4)}`)
      .join(', ');

  const left = readdirSync(out);
  const records = loadRecords([out]).records.length;
  const strays = left.filter((name) => isTempFileName(name) || !name.endsWith('.json'));
  const tmpLeft = readdirSync(tmp);
  const leftOver = strays.length + tmpLeft.length;
  const rssRatio = last.rssKiB / first.rssKiB;
  const fdRatio = last.fds / first.fds;
  return [
    {
      row: `Soak: campaign process RSS, round ${String(SOAK_ROUNDS)} / round ${String(SAMPLE_ROUNDS[0])} (/proc/PID/status VmRSS)`,
      measured: `**${rssRatio.toFixed(3)}** (${format(last.rssKiB / 1024, 4)} vs ${format(first.rssKiB / 1024, 4)} MiB)`,
      spread: `MiB at ${trail((sample) => sample.rssKiB / 1024)}`,
      basis,
      ...judge(rssRatio, within(0.1)),
    },
    {
      row: `Soak: campaign process open fds, round ${String(SOAK_ROUNDS)} / round ${String(SAMPLE_ROUNDS[0])} (/proc/PID/fd)`,
      measured: `**${fdRatio.toFixed(3)}** (${String(last.fds)} vs ${String(first.fds)} fds)`,
      spread: `fds at ${trail((sample) => sample.fds)}`,
      basis,
      ...judge(fdRatio, within(0.1)),
    },
    {
      row: 'Soak: files left after the campaign, besides its result files (temp files in --out, anything in its TMPDIR)',
      measured: `**${String(leftOver)}**${leftOver > 0 ? ` (${[...strays, ...tmpLeft.map((name) => `TMPDIR/${name}`)].slice(0, 5).join(', ')})` : ''}`,
      spread: `${String(left.length)} files in --out, ${String(records)} result records of ${String(runs)} runs`,
      basis,
      ...judge(leftOver + Math.abs(records - runs), below(1, 'none, and one record per run')),
    },
  ];
}

const BARRIER_PARTIES = 64;
const BARRIER_GROUPS = 3;

/** One `mintbench barrier --parties 64` and 64 cpu runs through it, two to each CPU in turn: per group, how many started and how far apart. */
export async function barrierLoad(dir: string): Promise<Row[]> {
  const out = path.join(dir, 'barrier-64');
  const started: number[] = [];
  const records: ResultRecord[] = [];
  for (let group = 0; group < BARRIER_GROUPS; group += 1) {
    // 64 node start-ups on two CPUs: minutes on a loaded machine, well inside the timeout.
    const barrier = await startBarrier(['--parties', String(BARRIER_PARTIES), '--timeout', '600']);
    const runs = Array.from({ length: BARRIER_PARTIES }, (_, i) =>
      syncedCpuRun(barrier.port, `p${String(i)}`, i % 2, path.join(out, String(group)), [], 900_000),
    );
    const results = await Promise.all([...runs, barrier.exited]);
    const failed = results.filter((result) => result.status !== 0);
    if (failed.length > 0) throw new Error(`${String(failed.length)} of the runs or the barrier failed: ${failed[0]!.stderr.slice(-1000)}`);
    const groupRecords = loadRecords([path.join(out, String(group))]).records.map(({ record }) => record);
    started.push(groupRecords.length);
    records.push(...groupRecords);
  }
  const offsetsMs = records.map((record) => (record.sync?.startOffsetSeconds ?? NaN) * 1e3);
  const groupSkewsMs = [...new Map(records.map((record) => [record.sync?.group, (record.sync?.startSkewSeconds ?? NaN) * 1e3])).values()];
  if (offsetsMs.some(Number.isNaN) || groupSkewsMs.some(Number.isNaN))
    throw new Error('a run through the barrier has no measured start offset');
  const reported = records.map((record) => record.sync?.reported ?? 0);
  const allStarted = Math.min(...started, ...reported);
  const basis = `${String(BARRIER_GROUPS)} groups of ${String(BARRIER_PARTIES)} cpu runs (two per CPU in turn, 2 CPUs)`;
  return [
    {
      row: `Barrier of ${String(BARRIER_PARTIES)} parties: runs that started, and that the barrier heard report, fewest in a group`,
      measured: `**${String(allStarted)} of ${String(BARRIER_PARTIES)}**`,
      spread: `records per group: ${started.join(', ')}`,
      basis,
      ...judge(allStarted, { text: `all ${String(BARRIER_PARTIES)}`, met: (value) => value === BARRIER_PARTIES }),
    },
    medianRow(
      `Barrier of ${String(BARRIER_PARTIES)} parties: each run's first region after its group's earliest, ms`,
      offsetsMs,
      'ms',
      `${String(offsetsMs.length)} runs in ${basis}`,
      null,
      4,
    ),
    medianRow(
      `Barrier of ${String(BARRIER_PARTIES)} parties: start skew of a group (latest − earliest first region), ms`,
      groupSkewsMs,
      'ms',
      basis,
      null,
      4,
    ),
  ];
}
