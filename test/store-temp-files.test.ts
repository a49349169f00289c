// Temp files left by a write that never finished (a killed run, a power loss) are recognized by name
// and never read as results, even when they happen to hold a whole record; compare, export and plot
// say once how many they ignored.
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { listResultFiles, writeRecord } from '../ts/results/store.js';
import { runCli } from './helpers/cli.js';
import { useTempDir } from './helpers/files.js';
import { syntheticRecord } from './helpers/fixtures.js';

const temp = useTempDir();
let dir: string;
let good: string;
let temps: string[];

beforeAll(() => {
  dir = temp();
  good = writeRecord(syntheticRecord('1', [{ workload: 'cpu', sizeBytes: null, seconds: [1, 1.1, 0.9] }]), dir);
  // Whole records under temp names: this writer's (pid and random bits), and the bare one of mintbench 0.1.0.
  temps = [`.${path.basename(good)}.4242-0123456789ab.tmp`, `.${path.basename(good)}.tmp`].map((name) => path.join(dir, name));
  for (const file of temps) copyFileSync(good, file);
});

const NOTICE =
  /^mintbench: ignored 2 temp files of writes that never finished \(hidden \.\*\.tmp, left by a killed run or a power loss; safe to delete when no run is writing\)$/m;

describe('temp files of unfinished writes', () => {
  it('are listed apart, from a directory or given by name', () => {
    expect(listResultFiles([dir])).toEqual({ files: [good], errors: [], ignoredTempFiles: [...temps].sort() });
    expect(listResultFiles([temps[0]!, good])).toEqual({ files: [good], errors: [], ignoredTempFiles: [temps[0]] });
  });

  it('compare, export and plot use only the finished file and say once how many temp files they ignored', () => {
    const compare = runCli(['compare', dir, '--baseline', '1']);
    expect(compare.status).toBe(0);
    // The three repetitions of the one finished file, not nine.
    expect(compare.stdout).toMatch(/^cpu\s+-\s+1\s+1×3\s/m);
    expect(compare.stderr.match(new RegExp(NOTICE.source, 'gm'))).toHaveLength(1);

    const csv = path.join(dir, 'out', 'all.csv');
    const exported = runCli(['export', dir, '--csv', csv]);
    expect(exported.status).toBe(0);
    expect(exported.stderr).toMatch(NOTICE);
    expect(readFileSync(csv, 'utf8').trimEnd().split('\r\n')).toHaveLength(1 + 3);

    const plotted = runCli(['plot', dir, '--out', path.join(dir, 'figures')]);
    expect(plotted.status).toBe(0);
    expect(plotted.stderr).toMatch(NOTICE);
  });

  it('given alone, leave nothing to read', () => {
    const result = runCli(['compare', temps[0]!, '--baseline', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `mintbench: ignored 1 temp file of writes that never finished (hidden .*.tmp, left by a killed run or a power loss; safe to delete when no run is writing)\nmintbench: No result files to read in ${temps[0]!}\n`,
    );
  });
});
