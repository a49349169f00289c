import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readRecord, resultFileName, writeRecord } from '../ts/results/store.js';
import { cliPath } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { syntheticRecord } from './helpers/fixtures.js';

let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => {
  cleanup();
});

function runAsync(args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', resolve);
  });
}

describe('writing result files', () => {
  it('names a file by time, configuration, instance, command, pid and random bits', () => {
    const record = syntheticRecord('My Lab/box 1', [{ workload: 'cpu', sizeBytes: null, seconds: [1, 2] }], { instance: 'b' });
    const name = resultFileName(record);
    expect(name).toMatch(new RegExp(`^20260102T030405\\.678Z-my_lab_box_1-b-suite-${process.pid}-[0-9a-f]{12}\\.json$`));
    expect(resultFileName(record)).not.toBe(name);
  });

  it('keeps two records written in the same millisecond by the same process apart, leaving no temp file', () => {
    const sub = path.join(dir, 'same');
    const record = syntheticRecord('1', [{ workload: 'cpu', sizeBytes: null, seconds: [1, 2] }]);
    const first = writeRecord(record, sub);
    const second = writeRecord(record, sub);
    expect(first).not.toBe(second);
    expect(readdirSync(sub).sort()).toEqual([path.basename(first), path.basename(second)].sort());
    expect(readRecord(second)).toEqual(record);
  });

  it('two runs at the same time into one folder give two intact files', async () => {
    const out = path.join(dir, 'concurrent');
    const args = (instance: string) => [
      'cpu',
      '--iterations',
      '1000',
      '--reps',
      '2',
      '--config',
      '6',
      '--instance',
      instance,
      '--out',
      out,
      '--quiet',
    ];
    const codes = await Promise.all([runAsync(args('a')), runAsync(args('b'))]);
    expect(codes).toEqual([0, 0]);
    const files = readdirSync(out);
    expect(files).toHaveLength(2);
    const records = files.map((file) => readRecord(path.join(out, file)));
    expect(records.map((r) => r.configuration.instance).sort()).toEqual(['a', 'b']);
    for (const record of records) {
      expect(record.interrupted).toBe(false);
      expect(record.runs[0]!.series[0]!.repetitions).toHaveLength(2);
    }
  });
});
