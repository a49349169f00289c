import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { csvField, toCsv } from '../ts/output/csv.js';
import { EXPORT_HEADER } from '../ts/output/export-csv.js';
import { writeRecord } from '../ts/results/store.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { syntheticRecord } from './helpers/fixtures.js';

let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  writeRecord(syntheticRecord('1', [{ workload: 'mem', sizeBytes: 262144, seconds: [0.5, 0.25, 0.75] }]), dir);
  writeRecord(
    syntheticRecord('4', [{ workload: 'cpu', sizeBytes: null, seconds: [1, 2] }], { instance: 'a', note: 'guest, "pretend"\nsecond line' }),
    dir,
  );
});
afterAll(() => {
  cleanup();
});

describe('CSV', () => {
  it('quotes as RFC 4180 asks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it("export writes one row per repetition that Python's csv module reads with the header as field names", () => {
    const csv = path.join(dir, 'out.csv');
    const result = runCli(['export', dir, '--csv', csv]);
    expect(result.status).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toBe(EXPORT_HEADER.join(','));
    const script = 'import csv, json, sys\nwith open(sys.argv[1], newline="") as f:\n    print(json.dumps(list(csv.DictReader(f))))';
    const python = spawnSync('python3', ['-c', script, csv], { encoding: 'utf8' });
    expect(python.status).toBe(0);
    const rows = JSON.parse(python.stdout) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => [r.config, r.workload, r.size_bytes, r.repetition, r.seconds])).toEqual([
      ['1', 'mem', '262144', '1', '0.5'],
      ['1', 'mem', '262144', '2', '0.25'],
      ['1', 'mem', '262144', '3', '0.75'],
      ['4', 'cpu', '', '1', '1'],
      ['4', 'cpu', '', '2', '2'],
    ]);
    const guest = rows[3]!;
    expect(guest).toMatchObject({
      instance: 'a',
      note: 'guest, "pretend"\nsecond line',
      host: 'vm',
      ticks: '1000000000',
      tsc_hz: '1000000000',
    });
    expect(guest.config_name).toBe('Vanilla Linux1/KVM/GuestOS1');
    expect(Object.keys(guest)).toEqual([...EXPORT_HEADER]);
  });
});
