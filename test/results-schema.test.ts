// The result file's format changes only with its version: the JSON Schema of the current version is
// committed in results/schema/, and the declarations must still produce exactly that. Files of the
// older versions 1 and 2 are read as records of the current version.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { resultSchemaFile, resultSchemaJson } from '../ts/results/schema-json.js';
import { RESULT_SCHEMA_VERSION } from '../ts/results/schema.js';
import { readRecord } from '../ts/results/store.js';
import { root } from './helpers/files.js';

describe('the result file format', () => {
  it(`is the one published for schema version ${RESULT_SCHEMA_VERSION}`, () => {
    const published = JSON.parse(readFileSync(path.join(root, resultSchemaFile()), 'utf8')) as unknown;
    expect(
      resultSchemaJson(),
      `ts/results/schema.ts no longer produces ${resultSchemaFile()}: a change of the format needs RESULT_SCHEMA_VERSION + 1, an upgrade of older files in parseRecord, and npm run schema`,
    ).toEqual(published);
  });

  it(`reads a version 1 file (mintbench 0.1.0) as a version ${RESULT_SCHEMA_VERSION} record, the machine once and the timer in it`, () => {
    const record = readRecord(path.join(root, 'test', 'fixtures', 'results', 'v1-suite.json'));
    const v1 = JSON.parse(readFileSync(path.join(root, 'test', 'fixtures', 'results', 'v1-suite.json'), 'utf8')) as {
      environment: { machine: { os: { hostname: string } }; warnings: { code: string }[] };
      runs: { timer: { hz: number; calibrationSamples: number }; series: { repetitions: { seconds: number }[] }[] }[];
    };
    expect(record.schemaVersion).toBe(RESULT_SCHEMA_VERSION);
    expect(record.configuration).toMatchObject({ label: '4', instance: 'a', note: 'v1 fixture' });
    expect(record.machine.os.hostname).toBe(v1.environment.machine.os.hostname);
    expect(record.machine.tsc.calibratedHz).toBe(v1.runs[0]!.timer.hz);
    expect(record.machine.tsc.calibrationSamples).toBe(v1.runs[0]!.timer.calibrationSamples);
    expect(record.warnings.map((w) => w.code)).toEqual(v1.environment.warnings.map((w) => w.code));
    expect(record.runs.map((run) => run.workload)).toEqual(['cpu', 'mem', 'io']);
    expect(record.runs.flatMap((run) => run.series.flatMap((series) => series.repetitions.map((rep) => rep.seconds)))).toEqual(
      v1.runs.flatMap((run) => run.series.flatMap((series) => series.repetitions.map((rep) => rep.seconds))),
    );
    const io = record.runs[2]!;
    expect(io.parameters).toMatchObject({ reads: 4, direct: true, seed: 1 });
    expect(io.series[0]!.offsets).toHaveLength(4 * 2);
    expect(io.series[0]).not.toHaveProperty('summary');
  });

  it('reads a version 2 file (before fleet campaigns) as it is, without a host', () => {
    const v1 = readRecord(path.join(root, 'test', 'fixtures', 'results', 'v1-suite.json'));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mintbench-v2-'));
    try {
      const file = path.join(dir, 'v2.json');
      writeFileSync(file, JSON.stringify({ ...v1, schemaVersion: 2 }));
      const record = readRecord(file);
      expect(record.schemaVersion).toBe(3);
      expect(record).not.toHaveProperty('host');
      expect(record.runs).toEqual(v1.runs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
