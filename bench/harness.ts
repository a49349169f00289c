// What the harness costs around the measured work: a default `suite`, run as a user runs it (the
// CLI in its own process), split from outside into its parts (start-up: bench/startup.ts).
// The split uses the process's own timestamps (spawn, exit), the result file (startedAt, finishedAt,
// every repetition's seconds, the timer's calibration) and, through a preloaded module hook
// (bench/probe/), when each captureMachine() call began and ended. The product is not changed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from 'simple-statistics';

import type { ResultRecord } from '../ts/results/schema.js';
import { below, medianRow, percent, type Row } from './table.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The built CLI, as `npx mintbench` runs it. */
export const CLI = path.join(ROOT, 'dist', 'cli.js');
const PROBE = pathToFileURL(path.join(ROOT, 'bench', 'probe', 'register.js')).href;
/** Default suites timed; each takes about 20–40 s here. */
const SUITES = 3;

/** One suite's wall time and its parts, in seconds. */
interface SuiteSplit {
  wall: number;
  processStart: number;
  measured: number;
  warmups: number;
  calibration: number;
  capture: number;
  captures: number;
  writing: number;
  rest: number;
}

function exitOf(child: ReturnType<typeof spawn>): Promise<number> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      resolve(code ?? -1);
    });
  });
}

/** Runs `mintbench suite` with its defaults (reads on the scratch file in `cacheDir`) and splits its wall time. */
async function timeSuite(cacheDir: string, workDir: string): Promise<SuiteSplit> {
  const dir = mkdtempSync(path.join(workDir, 'suite-'));
  const out = path.join(dir, 'results');
  const capturesFile = path.join(dir, 'captures.json');
  const env = { ...process.env, MINTBENCH_CACHE: cacheDir, MINTBENCH_BENCH_CAPTURES: capturesFile };
  const spawned = Date.now();
  const child = spawn(process.execPath, ['--import', PROBE, CLI, 'suite', '--out', out], {
    cwd: dir,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await exitOf(child);
  const exited = Date.now();
  if (code !== 0) throw new Error(`mintbench suite exited ${String(code)}: ${stderr}`);

  const [resultFile] = readdirSync(out).filter((name) => name.endsWith('.json'));
  const record = JSON.parse(readFileSync(path.join(out, resultFile!), 'utf8')) as ResultRecord;
  const spans = JSON.parse(readFileSync(capturesFile, 'utf8')) as { start: number; end: number }[];
  const series = record.runs.flatMap((run) => run.series);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const measured = sum(series.flatMap((s) => s.repetitions.map((rep) => rep.seconds)));
  const warmups = sum(series.flatMap((s) => s.warmup.map((rep) => rep.seconds)));
  // The first captureMachine() is the process's first addon.timer() call: it calibrates (150 ms),
  // which is counted as calibration, not capture.
  const calibration = record.machine.tsc.calibrationSeconds;
  const capture = sum(spans.map((span) => (span.end - span.start) / 1000)) - calibration;
  const wall = (exited - spawned) / 1000;
  const processStart = (Date.parse(record.startedAt) - spawned) / 1000;
  const writing = (exited - Date.parse(record.finishedAt)) / 1000;
  const rest = wall - processStart - measured - warmups - calibration - capture - writing;
  return { wall, processStart, measured, warmups, calibration, capture, captures: spans.length, writing, rest };
}

function splitRows(splits: SuiteSplit[]): Row[] {
  const basis = `${String(splits.length)} default suites (medians)`;
  const part = (name: string, pick: (split: SuiteSplit) => number): Row => {
    const row = medianRow(`Suite: ${name}`, splits.map(pick), 's', basis);
    return { ...row, measured: `${row.measured} (${percent(median(splits.map((split) => pick(split) / split.wall)), 1)} of wall)` };
  };
  const overheadPercent = splits.map((split) => ((split.wall - split.measured - split.warmups - split.calibration) / split.wall) * 100);
  const captures = [...new Set(splits.map((split) => split.captures))].join(' or ');
  return [
    medianRow(
      'Suite: wall time (spawn to exit)',
      splits.map((split) => split.wall),
      's',
      basis,
    ),
    part('measured repetitions', (s) => s.measured),
    part('warm-ups', (s) => s.warmups),
    part('timer calibration (calibrationSeconds)', (s) => s.calibration),
    part(`environment capture (${captures} captureMachine() calls, calibration excluded)`, (s) => s.capture),
    part('process start (spawn to startedAt)', (s) => s.processStart),
    part('writing and exit (finishedAt to exit)', (s) => s.writing),
    part('the rest (buffers, offsets, target checks, JS between series)', (s) => s.rest),
    medianRow(
      'Suite: harness overhead, (wall − measured − warm-ups − calibration) / wall',
      overheadPercent,
      '%',
      basis,
      below(10, 'under 10 %'),
    ),
  ];
}

export async function harnessCost(cacheDir: string, workDir: string): Promise<Row[]> {
  const splits: SuiteSplit[] = [];
  for (let i = 0; i < SUITES; i += 1) splits.push(await timeSuite(cacheDir, workDir));
  return splitRows(splits);
}
