import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EXPORT_HEADER } from '../ts/output/export-csv.js';
import { writeRecord } from '../ts/results/store.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { syntheticRecord } from './helpers/fixtures.js';

let dir: string;
let results: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  results = path.join(dir, 'results');
  writeRecord(syntheticRecord('1', [{ workload: 'mem', sizeBytes: 262144, seconds: [0.5, 0.25] }]), results);
});
afterAll(() => {
  cleanup();
});

/** Files in `dir` besides `keep`: a temp file left behind would show here. */
function others(keep: readonly string[]): string[] {
  return readdirSync(dir).filter((name) => !keep.includes(name));
}

describe('export --csv', () => {
  it('refuses a FIFO, a directory and a symlink to a FIFO, and writes nothing', () => {
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const directory = path.join(dir, 'folder');
    mkdirSync(directory);
    const link = path.join(dir, 'link-to-pipe');
    symlinkSync(fifo, link);
    for (const [target, kind] of [
      [fifo, 'a FIFO'],
      [directory, 'a directory'],
      [link, 'a FIFO'],
    ] as const) {
      const result = runCli(['export', results, '--csv', target]);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(
        `mintbench: Expected a regular file or a new path for --csv but received ${JSON.stringify(target)} (it is ${kind})\n`,
      );
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(directory)).toEqual([]);
    expect(others(['results', 'pipe', 'folder', 'link-to-pipe'])).toEqual([]);
  });

  it('refuses a character device', () => {
    const device = path.join(dir, 'null-device');
    // A /dev/null of our own (char 1:3), so the test touches nothing of the machine's.
    execFileSync('mknod', [device, 'c', '1', '3']);
    const result = runCli(['export', results, '--csv', device]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/for --csv but received .* \(it is a character device\)\n$/);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });

  it('replaces a regular file whole, through a new inode, leaving no temp file', () => {
    const csv = path.join(dir, 'out.csv');
    writeFileSync(csv, 'old content that is longer than nothing\n');
    const before = statSync(csv).ino;
    const result = runCli(['export', results, '--csv', csv]);
    expect(result.status).toBe(0);
    const text = readFileSync(csv, 'utf8');
    expect(text.split('\r\n')[0]).toBe(EXPORT_HEADER.join(','));
    expect(text).not.toContain('old content');
    // rename() of a new file, not a write into the old one.
    expect(statSync(csv).ino).not.toBe(before);
    expect(others(['results', 'pipe', 'folder', 'link-to-pipe', 'null-device', 'out.csv'])).toEqual([]);
  });
});
