// The CLI the way the README runs it: `npx mintbench`. npm test rebuilds dist/ before vitest runs, so
// this sees the bin as every rebuild leaves it (tsc alone writes dist/cli.js without the execute bit).
// With .ci/run's own sequence (install, npx mintbench suite, npm test, npx mintbench suite), this holds
// the README's path: the main job still runs after the tests rebuilt dist/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { MINTBENCH_VERSION } from '../ts/base/version.js';
import { root } from './helpers/files.js';

const npx = (args: string[]) => spawnSync('npx', ['--no-install', 'mintbench', ...args], { cwd: root, encoding: 'utf8' });

describe('the bin after a rebuild', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'mintbench-bin-'));
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
  });

  it('is executable, and npx mintbench --version answers', () => {
    expect(statSync(path.join(root, 'dist', 'cli.js')).mode & 0o111).toBe(0o111);
    const version = npx(['--version']);
    expect(version.stderr).toBe('');
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(MINTBENCH_VERSION);
  });

  it('runs the README main job, npx mintbench suite, on its defaults, and writes one result file', () => {
    const suite = npx(['suite', '--quiet', '--out', out]);
    expect(suite.status, suite.stderr).toBe(0);
    expect(readdirSync(out).filter((name) => name.endsWith('.json'))).toHaveLength(1);
  }, 180_000);
});
