// The CLI the way the README runs it: `npx mintbench`. npm test rebuilds dist/ before vitest runs, so
// this sees the bin as every rebuild leaves it (tsc alone writes dist/cli.js without the execute bit).
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { MINTBENCH_VERSION } from '../ts/base/version.js';
import { root } from './helpers/files.js';

describe('the bin after a rebuild', () => {
  it('is executable, and npx mintbench --version answers', () => {
    expect(statSync(path.join(root, 'dist', 'cli.js')).mode & 0o111).toBe(0o111);
    const npx = spawnSync('npx', ['--no-install', 'mintbench', '--version'], { cwd: root, encoding: 'utf8' });
    expect(npx.stderr).toBe('');
    expect(npx.status).toBe(0);
    expect(npx.stdout.trim()).toBe(MINTBENCH_VERSION);
  });
});
