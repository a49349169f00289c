// CSV injection (CWE-1236): a note a spreadsheet would run as a formula is written as inert text,
// numbers (negative ones included) stay numbers, and --csv-raw writes the text as stored.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { csvField } from '../ts/output/csv.js';
import { writeRecord } from '../ts/results/store.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { syntheticRecord } from './helpers/fixtures.js';

const FORMULAS = ['=1+1', '@SUM(A1)', '+cmd', '-2+3', '\tcmd', '\r=1+1', '=HYPERLINK("http://x.invalid","x")'];

let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  FORMULAS.forEach((note, i) => {
    const record = syntheticRecord(String(i + 1), [{ workload: 'cpu', sizeBytes: null, seconds: [0.5] }], { note });
    // A CPU the kernel could not name is -1: a negative number that must stay a number.
    const [repetition] = record.runs[0]!.series[0]!.repetitions;
    repetition!.cpuStart = -1;
    writeRecord(record, dir);
  });
});
afterAll(() => {
  cleanup();
});

/** The CSV's rows as Python's csv module reads them (what a spreadsheet import sees as cell text). */
function readRows(file: string): Record<string, string>[] {
  const script = 'import csv, json, sys\nwith open(sys.argv[1], newline="") as f:\n    print(json.dumps(list(csv.DictReader(f))))';
  const python = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
  expect(python.stderr).toBe('');
  return JSON.parse(python.stdout) as Record<string, string>[];
}

describe('CSV formulas', () => {
  it("neutralizes text by its type: a leading ' before = + - @ tab CR, numbers untouched", () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvField('a=1')).toBe('a=1');
    expect(csvField(-2)).toBe('-2');
    expect(csvField(-0.25)).toBe('-0.25');
    expect(csvField(-2.5)).toBe('-2.5');
    expect(csvField('=1+1', { raw: true })).toBe('=1+1');
  });

  it('export --csv writes every formula note as inert text and keeps negative numbers', () => {
    const csv = path.join(dir, 'out.csv');
    const result = runCli(['export', dir, '--csv', csv]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const rows = readRows(csv);
    expect(rows.map((row) => row.note).sort()).toEqual(FORMULAS.map((note) => `'${note}`).sort());
    expect(rows.map((row) => row.cpu_start)).toEqual(FORMULAS.map(() => '-1'));
    expect(readFileSync(csv, 'utf8')).toContain(',-1,');
  });

  it('export --csv-raw writes the notes as stored', () => {
    const csv = path.join(dir, 'raw.csv');
    const result = runCli(['export', dir, '--csv', csv, '--csv-raw']);
    expect(result.status).toBe(0);
    expect(
      readRows(csv)
        .map((row) => row.note)
        .sort(),
    ).toEqual([...FORMULAS].sort());
  });

  it('compare --format csv neutralizes a configuration label that starts like a formula (+cmd), unless --csv-raw', () => {
    const { dir: labelled, cleanup: remove } = tempDir();
    try {
      for (const label of ['base', 'other']) {
        const record = syntheticRecord(label, [{ workload: 'cpu', sizeBytes: null, seconds: [1, 1.1] }]);
        // Written by hand or by another tool: the CLI refuses such a label, the schema does not.
        if (label === 'other') record.configuration.label = '+cmd';
        writeRecord(record, labelled);
      }
      const inert = runCli(['compare', labelled, '--baseline', 'base', '--format', 'csv']);
      expect(inert.status).toBe(0);
      expect(inert.stdout).toContain(",'+cmd,");
      expect(inert.stdout).not.toContain(',+cmd,');
      const raw = runCli(['compare', labelled, '--baseline', 'base', '--format', 'csv', '--csv-raw']);
      expect(raw.stdout).toContain(',+cmd,');
    } finally {
      remove();
    }
  });
});
