import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RESULT_SCHEMA_VERSION } from '../ts/results/schema.js';
import { loadRecords, readRecord, ResultFileError, writeRecord } from '../ts/results/store.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { syntheticRecord } from './helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
let good: string;
const bad: Record<string, { text: string; reason: RegExp }> = {};

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  const record = syntheticRecord('1', [{ workload: 'cpu', sizeBytes: null, seconds: [1, 1.1, 0.9] }]);
  good = writeRecord(record, dir);
  const text = JSON.stringify(record);
  const cases: Record<string, { text: string; reason: RegExp }> = {
    'corrupt.json': { text: text.replace('"ticks":', '"ticks":: '), reason: /is not valid JSON \(truncated or corrupt\)/ },
    'truncated.json': { text: text.slice(0, Math.floor(text.length / 2)), reason: /is not valid JSON \(truncated or corrupt\)/ },
    'empty.json': { text: '', reason: /is empty/ },
    'foreign.json': { text: JSON.stringify({ name: 'some-package', version: '1.0.0' }), reason: /not a mintbench result file/ },
    'future.json': {
      text: JSON.stringify({ ...record, schemaVersion: RESULT_SCHEMA_VERSION + 1, mintbenchVersion: '9.0.0' }),
      reason: new RegExp(
        `schema version ${RESULT_SCHEMA_VERSION + 1} \\(written by mintbench 9\\.0\\.0\\) is newer than mintbench .* reads \\(${RESULT_SCHEMA_VERSION}\\): upgrade mintbench`,
      ),
    },
    'negative.json': {
      text: text.replace(/"seconds":1(?=[,}])/, '"seconds":-1'),
      reason: /^runs\[0\]\.series\[0\]\.repetitions\[0\]\.seconds: Too small: expected number to be >0$/,
    },
    'nolabel.json': {
      text: JSON.stringify({ ...record, configuration: {} }),
      reason: /^configuration\.label: Invalid input: expected string, received undefined$/,
    },
  };
  for (const [name, entry] of Object.entries(cases)) {
    writeFileSync(path.join(dir, name), entry.text);
    bad[name] = entry;
  }
});
afterAll(() => {
  cleanup();
});

describe('reading result files', () => {
  it('reads back what it wrote', () => {
    expect(readRecord(good).configuration).toMatchObject({ label: '1', name: 'Vanilla Linux1' });
  });

  it('refuses corrupt, truncated, empty, foreign, future-schema and malformed files, naming each', () => {
    for (const [name, { reason }] of Object.entries(bad)) {
      const file = path.join(dir, name);
      let error: unknown;
      try {
        readRecord(file);
      } catch (caught) {
        error = caught;
      }
      expect(error, name).toBeInstanceOf(ResultFileError);
      expect((error as ResultFileError).message, name).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
      expect((error as ResultFileError).reason, name).toMatch(reason);
    }
  });

  it('loads the good files of a directory and lists every bad one, without throwing', () => {
    const { records, errors } = loadRecords([dir]);
    expect(records.map((r) => r.file)).toEqual([good]);
    expect(errors.map((e) => path.basename(e.file)).sort()).toEqual(Object.keys(bad).sort());
  });

  it('compare and export name the bad files on stderr, use the good ones, and exit 1', () => {
    const compare = runCli(['compare', dir, '--baseline', '1']);
    expect(compare.status).toBe(1);
    expect(compare.stdout).toMatch(/^cpu\s+-\s+1\s+1×3\s/m);
    for (const name of Object.keys(bad)) expect(compare.stderr).toContain(`mintbench: skipped ${path.join(dir, name)}: `);
    expect(compare.stderr).not.toMatch(/\n\s+at /);
    const csv = path.join(dir, 'out.csv');
    const exported = runCli(['export', path.join(dir, 'truncated.json'), good, '--csv', csv]);
    expect(exported.status).toBe(1);
    expect(exported.stderr).toContain('truncated.json: is not valid JSON');
  });

  it('reports a missing path by name, and no readable file as an error', () => {
    const result = runCli(['compare', path.join(dir, 'missing.json'), '--baseline', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/skipped .*missing\.json: cannot be read \(ENOENT\)/);
    expect(result.stderr).toMatch(/No result files to read/);
  });
});
