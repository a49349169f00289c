// What reading result files costs, as a user runs compare (the CLI in its own process): over a
// directory holding a 200 MiB file and a 100,000-deep array beside real records (both must be named
// and skipped, the rest compared), and over 10,000 result files. Wall time is spawn to exit; peak RSS
// is the process's own ru_maxrss, reported by a preloaded module (bench/probe/max-rss.js).
// test/store-bounds.test.ts checks what is skipped and why, without timing it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { HOSTILE_DEPTH, writeHostileFiles } from '../test/helpers/hostile-results.js';
import { CLI } from './harness.js';
import { below, medianRow, type Row } from './table.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_RSS_PROBE = pathToFileURL(path.join(ROOT, 'bench', 'probe', 'max-rss.js')).href;
/** A real record: a suite of configuration 4, instance a, as config run wrote it (schema version 1). */
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'results', 'v1-suite.json');
const FIXTURE_LABEL = '4';
const RUNS = 3;
const MANY_FILES = 10_000;
const REAL_BESIDE_HOSTILE = 10;
const MiB = 1024 ** 2;

interface CompareRun {
  seconds: number;
  maxRssMiB: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `mintbench compare <dir> --baseline 4`, timed from spawn to exit, with its peak RSS. */
function timeCompare(dir: string, rssFile: string): CompareRun {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--import', MAX_RSS_PROBE, CLI, 'compare', dir, '--baseline', FIXTURE_LABEL], {
    encoding: 'utf8',
    env: { ...process.env, MINTBENCH_BENCH_MAX_RSS: rssFile },
    maxBuffer: 64 * MiB,
  });
  const seconds = (performance.now() - start) / 1000;
  const maxRssMiB = (Number(readFileSync(rssFile, 'utf8')) * 1024) / MiB;
  return { seconds, maxRssMiB, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `count` copies of the fixture record in `dir` (made), named in time order as the store names them. */
function copiesOfFixture(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i += 1) copyFileSync(FIXTURE, path.join(dir, `copy-${String(i).padStart(5, '0')}.json`));
}

function hostileRows(workDir: string): Row[] {
  const dir = path.join(workDir, 'hostile');
  copiesOfFixture(dir, REAL_BESIDE_HOSTILE);
  const { huge, deep } = writeHostileFiles(dir);
  const runs = Array.from({ length: RUNS }, () => timeCompare(dir, path.join(workDir, 'hostile-rss')));
  for (const run of runs) {
    const named = [huge, deep].every((file) => run.stderr.includes(`mintbench: skipped ${file}: `));
    const compared = run.stdout.includes(`${String(REAL_BESIDE_HOSTILE)}×`);
    if (run.status !== 1 || !named || !compared) {
      throw new Error(`compare over the hostile files: exit ${String(run.status)}, both named: ${String(named)}: ${run.stderr}`);
    }
  }
  const what = `compare over a 200 MiB file, a ${HOSTILE_DEPTH.toLocaleString('en-US')}-deep array and ${String(REAL_BESIDE_HOSTILE)} real records (both named and skipped, exit 1)`;
  const basis = `${String(RUNS)} runs`;
  return [
    medianRow(
      `${what}: wall time (spawn to exit)`,
      runs.map((run) => run.seconds),
      's',
      basis,
      below(10, 'under 10 s'),
    ),
    medianRow(
      `${what}: peak RSS`,
      runs.map((run) => run.maxRssMiB),
      'MiB',
      basis,
      below(300, 'under 300 MiB'),
      1,
    ),
  ];
}

function manyFilesRows(workDir: string): Row[] {
  const one = path.join(workDir, 'one');
  copiesOfFixture(one, 1);
  const many = path.join(workDir, 'many');
  copiesOfFixture(many, MANY_FILES);
  const rssFile = path.join(workDir, 'many-rss');
  const runs = Array.from({ length: RUNS }, () => timeCompare(many, rssFile));
  for (const run of runs) {
    if (run.status !== 0 || !run.stdout.includes(`${String(MANY_FILES)}×`)) {
      throw new Error(`compare over ${String(MANY_FILES)} files: exit ${String(run.status)}: ${run.stderr}`);
    }
  }
  const single = Array.from({ length: RUNS }, () => timeCompare(one, rssFile));
  const what = `compare over ${MANY_FILES.toLocaleString('en-US')} result files (copies of a ${String(Math.round(readFileSync(FIXTURE).length / 1024))} KiB suite record)`;
  const basis = `${String(RUNS)} runs`;
  const time = medianRow(
    `${what}: wall time (spawn to exit)`,
    runs.map((run) => run.seconds),
    's',
    basis,
  );
  const rss = medianRow(
    `${what}: peak RSS`,
    runs.map((run) => run.maxRssMiB),
    'MiB',
    basis,
    null,
    1,
  );
  const oneTime = medianRow(
    '',
    single.map((run) => run.seconds),
    's',
    '',
  ).measured;
  const oneRss = medianRow(
    '',
    single.map((run) => run.maxRssMiB),
    'MiB',
    '',
  ).measured;
  return [
    { ...time, basis: `${basis}; over 1 such file: ${oneTime}` },
    { ...rss, basis: `${basis}; over 1 such file: ${oneRss}` },
  ];
}

/** The rows of reading result files; `workDir` gets the directories compare reads. */
export function readingResults(workDir: string): Row[] {
  const dir = path.join(workDir, 'reading');
  return [...hostileRows(dir), ...manyFilesRows(dir)];
}
