// test/helpers/requires.ts and its reporter, on a fixture run in a vitest of its own with QEMU
// hidden from PATH: under CI a missing dependency fails and is named; outside CI it is a skip whose
// title says why, and the run ends with one line per skipped group.
import { spawnSync } from 'node:child_process';
import { readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { root, tempDir } from './helpers/files.js';
import { underCi } from './helpers/requires.js';

const bin = tempDir();
afterAll(bin.cleanup);

/** A PATH of one directory linking every command on this PATH but those `hidden` matches. */
function pathWithout(hidden: RegExp): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (hidden.test(name)) continue;
      try {
        symlinkSync(path.join(dir, name), path.join(bin.dir, name));
      } catch {
        // Met earlier on PATH: the first one wins, as for the shell.
      }
    }
  }
  return bin.dir;
}

const noQemuPath = pathWithout(/^qemu/);

function runFixture(ci: string): { status: number | null; output: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: noQemuPath, CI: ci, NO_COLOR: '1' };
  // Whatever build this suite tests, the fixture's guest group must meet the QEMU check itself.
  delete env.MINTBENCH_ADDON;
  delete env.FORCE_COLOR;
  const run = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/fixtures/requires/vitest.config.ts'],
    { cwd: root, env, encoding: 'utf8', timeout: 120_000 },
  );
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

const QEMU_MISSING = 'QEMU: qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)';
const FIXTURE = 'test/fixtures/requires/needs.fixture.ts';

describe('conditional tests (test/helpers/requires.ts)', () => {
  it('hides QEMU from the fixture: the PATH it runs with has no qemu-system-x86_64, but node and the rest', () => {
    expect(spawnSync('qemu-system-x86_64', ['--version'], { env: { PATH: noQemuPath } }).error).toMatchObject({ code: 'ENOENT' });
    expect(spawnSync('sh', ['-c', 'true'], { env: { PATH: noQemuPath } }).status).toBe(0);
  });

  it('under CI=true, fails each missing dependency, naming it, and still skips what does not apply', () => {
    const run = runFixture('true');
    expect(run.status, run.output).toBe(1);
    expect(run.output).toContain(`CI is set and this test's dependency is missing: ${QEMU_MISSING}`);
    expect(run.output).toContain("CI is set and this test's dependency is missing: a gadget: apt-get install gadget");
    expect(run.output).toContain(`× ${FIXTURE} > boots a guest > every test of this group (missing under CI: ${QEMU_MISSING})`);
    expect(run.output).toContain(`× ${FIXTURE} > uses gadget number … (missing under CI: a gadget: apt-get install gadget)`);
    expect(run.output).toMatch(/Tests {2}2 failed \| 1 passed \| 1 skipped \(4\)/);
    expect(run.output).toContain(`skipped: ${FIXTURE} > (top level) (1 test): for another planet`);
  });

  it('outside CI, skips with the reason in the title, and ends with one line per skipped group and its reason', () => {
    const run = runFixture('');
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain(`↓ ${FIXTURE} > boots a guest (skipped: ${QEMU_MISSING}) > reaches the guest`);
    expect(run.output).toContain(`↓ ${FIXTURE} > uses gadget number 2 (skipped: a gadget: apt-get install gadget)`);
    expect(run.output).toMatch(/Tests {2}1 passed \| 4 skipped \(5\)/);
    const summary = run.output
      .trimEnd()
      .split('\n')
      .filter((line) => line.startsWith('skipped: '));
    expect(summary).toEqual([
      `skipped: ${FIXTURE} > boots a guest (1 test): ${QEMU_MISSING}`,
      `skipped: ${FIXTURE} > (top level) (1 test): for another planet`,
      `skipped: ${FIXTURE} > (top level) (2 tests): a gadget: apt-get install gadget`,
    ]);
  });

  it('reads CI as CI services set it', () => {
    expect(underCi({ CI: 'true' })).toBe(true);
    expect(underCi({ CI: '1' })).toBe(true);
    expect(underCi({ CI: 'false' })).toBe(false);
    expect(underCi({ CI: '' })).toBe(false);
    expect(underCi({})).toBe(false);
  });
});
