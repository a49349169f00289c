// npm run bench: every comparison of mintbench against plain C and fio, what the harness costs and
// how steady the numbers are, in one run; the table goes to stdout and to bench/RESULTS.md. A
// missed target is a row that says so, never a failure; a section that cannot measure fails, and
// its row says why.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';

import { loadAddon } from '../ts/measure/native.js';
import { ensureScratchFile, SCRATCH_BYTES } from '../ts/measure/scratch.js';
import { readsVersusFio } from './fio.js';
import { CLI, harnessCost } from './harness.js';
import { progressCallback } from './progress-callback.js';
import { signalExit, startSkew, stopLatency } from './latency.js';
import { readingResults } from './reading.js';
import { buildReference } from './reference.js';
import { otherBusyCpus, renderResults, sampleLoad, type LoadSample } from './results.js';
import { stability } from './stability.js';
import { startup } from './startup.js';
import { failedRow, renderTable, type Row } from './table.js';
import { timerVersusC } from './timer.js';
import { cpuVersusC, memVersusC, readsVersusC, type BenchTarget } from './versus-c.js';

const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');

const rows: Row[] = [];
/** Sections declared, and those that ran: a run filtered to some (vitest -t) leaves RESULTS.md as it was. */
let declared = 0;
let ran = 0;
let dir = '';
let target: BenchTarget = { program: '', file: '', hz: 0 };
let machine = '';
let load: LoadSample;
const startedAt = new Date();

beforeAll(async () => {
  load = sampleLoad();
  dir = mkdtempSync(path.join(os.tmpdir(), 'mintbench-bench-'));
  // The reads go to this file only, the one the suite's default run also finds in its cache dir.
  const file = ensureScratchFile(SCRATCH_BYTES, dir);
  target = { program: buildReference(dir), file, hz: (await loadAddon().timer()).hz };
  machine = execFileSync(process.execPath, [CLI, 'info', '--device', file], { encoding: 'utf8' });
});

afterAll(() => {
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  if (ran === declared) {
    writeFileSync(RESULTS, renderResults({ startedAt, seconds, busyCpus: otherBusyCpus(load, sampleLoad()), machine, rows }));
  }
  const where =
    ran === declared ? `written to ${RESULTS}` : `${String(ran)} of ${String(declared)} sections ran: ${RESULTS} is left as it was`;
  console.log(`${renderTable(rows)}\n\n${where}`);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One part of the table; if it cannot measure, its row says why and the test fails. */
function section(name: string, measure: () => Promise<Row[]> | Row[]): void {
  declared += 1;
  it(name, async () => {
    ran += 1;
    try {
      rows.push(...(await measure()));
    } catch (error) {
      rows.push(failedRow(name, null, error));
      throw error;
    }
  });
}

describe('mintbench against plain C and fio', () => {
  section('CPU against C', () => cpuVersusC(target));
  section('memcpy against C', () => memVersusC(target));
  section('Reads against C', () => readsVersusC(target));
  section('Reads against fio', () => readsVersusFio(target));
  section('Timer against C', () => timerVersusC(target));
  section('Progress callback', progressCallback);
  section('Harness', () => harnessCost(dir, dir));
  section('Start-up', startup);
  section('Stability', stability);
  section('Signal exit', () => signalExit(dir));
  section('Stop latency', () => stopLatency(target.file));
  section('Start skew', () => startSkew(dir));
  section('Reading result files', () => readingResults(dir));
});
