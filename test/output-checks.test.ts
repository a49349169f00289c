// Outputs are checked before any work: a run whose --out cannot take its record is refused before
// its first repetition (exit 2, one line naming --out), and export and plot before reading a file.
import { readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { UsageError } from '../ts/base/errors.js';
import { reportRuns, type RecordArgs } from '../ts/commands/report-run.js';
import { runCli } from './helpers/cli.js';
import { useTempDir } from './helpers/files.js';
import { AS_NOBODY, mountTmpfs, needsTmpfsMounts, useMountRoot } from './helpers/mounts.js';
import { requires } from './helpers/requires.js';

const temp = useTempDir();
let dir: string;
let regularFile: string;
let dangling: string;

beforeAll(() => {
  dir = temp();
  regularFile = path.join(dir, 'a-file');
  writeFileSync(regularFile, 'not a directory');
  dangling = path.join(dir, 'dangling');
  symlinkSync(path.join(dir, 'nowhere'), dangling);
});

const args = (out: string): RecordArgs => ({
  config: undefined,
  instance: undefined,
  note: undefined,
  node: undefined,
  out,
  runs: 1,
  quiet: true,
  json: false,
});

/** reportRuns() with `out`, and whether it planned or described the machine (which precede every repetition). */
async function refusal(out: string): Promise<{ error: unknown; planned: boolean; captured: boolean }> {
  const plan = vi.fn(() => []);
  const capture = vi.fn(() => Promise.reject(new Error('the machine must not be described')));
  const error = await reportRuns('cpu', args(out), plan, capture).catch((caught: unknown) => caught);
  return { error, planned: plan.mock.calls.length > 0, captured: capture.mock.calls.length > 0 };
}

describe('a run refuses an --out it cannot write before its first repetition', () => {
  it('refuses a regular file', async () => {
    const { error, planned, captured } = await refusal(regularFile);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(
      `Expected a directory this user can create files in for --out but received ${JSON.stringify(regularFile)} (it exists and is not a directory)`,
    );
    expect({ planned, captured }).toEqual({ planned: false, captured: false });
  });

  it('refuses a path below a regular file, and a dangling symbolic link', async () => {
    for (const [out, why] of [
      [path.join(regularFile, 'sub'), `${regularFile} is not a directory`],
      [dangling, `${dangling} is a symbolic link to ${path.join(dir, 'nowhere')}, which does not exist`],
      [path.join(dangling, 'sub'), `${dangling} is a symbolic link to ${path.join(dir, 'nowhere')}, which does not exist`],
    ] as const) {
      const { error, planned, captured } = await refusal(out);
      expect((error as Error).message).toBe(
        `Expected a directory this user can create files in for --out but received ${JSON.stringify(out)} (${why})`,
      );
      expect({ planned, captured }).toEqual({ planned: false, captured: false });
    }
  });

  it('accepts a directory that does not exist yet, without making it (nothing is written before the run)', async () => {
    const out = path.join(dir, 'new', 'results');
    const { error, planned } = await refusal(out);
    // Past the check: planning ran, and the fake capture stopped the run.
    expect(planned).toBe(true);
    expect((error as Error).message).toBe('the machine must not be described');
    expect(readdirSync(dir)).not.toContain('new');
  });

  it('on the command line: no repetition, one line on stderr, exit 2', () => {
    for (const out of [regularFile, dangling]) {
      const result = runCli(['cpu', '--iterations', '1000', '--reps', '2', '--quiet', '--out', out]);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        new RegExp(`^mintbench: Expected a directory this user can create files in for --out but received "[^"]+" \\([^\\n]+\\)\\n$`),
      );
    }
  });
});

requires(needsTmpfsMounts()).describe('unwritable directories', () => {
  const mountRoot = useMountRoot();

  it('refuses a directory on a read-only file system before planning', async () => {
    const readOnly = mountTmpfs(mountRoot(), 'read-only', { sizeBytes: 64 * 1024, readOnly: true });
    for (const out of [readOnly, path.join(readOnly, 'results')]) {
      const { error, planned, captured } = await refusal(out);
      expect((error as Error).message).toBe(
        `Expected a directory this user can create files in for --out but received ${JSON.stringify(out)} (${readOnly} is on a read-only filesystem (EROFS))`,
      );
      expect({ planned, captured }).toEqual({ planned: false, captured: false });
    }
  });

  it("refuses, for the user nobody, a directory of root's: run, export and plot alike, before any work", () => {
    const denied = mountTmpfs(mountRoot(), 'denied', { sizeBytes: 64 * 1024 });
    const reason = `(permission denied: this user may not create files in ${denied} (EACCES))`;
    const run = runCli(['cpu', '--iterations', '1000', '--reps', '2', '--quiet', '--out', denied], {}, AS_NOBODY);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `mintbench: Expected a directory this user can create files in for --out but received ${JSON.stringify(denied)} ${reason}\n`,
    );
    // No result files exist here: refused before reading any.
    const missing = path.join(denied, 'no-results');
    const csv = path.join(denied, 'out.csv');
    const exported = runCli(['export', missing, '--csv', csv], {}, AS_NOBODY);
    expect(exported.status).toBe(2);
    expect(exported.stderr).toBe(
      `mintbench: Expected a path in a directory this user can create files in for --csv but received ${JSON.stringify(csv)} ${reason}\n`,
    );
    const plotted = runCli(['plot', missing, '--out', path.join(denied, 'figures')], {}, AS_NOBODY);
    expect(plotted.status).toBe(2);
    expect(plotted.stderr).toBe(
      `mintbench: Expected a directory this user can create files in for --out but received ${JSON.stringify(path.join(denied, 'figures'))} ${reason}\n`,
    );
    // A campaign and a config run (whose instances would write there) refuse it before any run starts.
    for (const args of [
      ['campaign', '--arm', '1=cpu --iterations 1000 --reps 2', '--arm', '2=cpu --iterations 1000 --reps 2', '--out', denied],
      ['config', 'run', '1', '--out', denied, '--', 'cpu', '--iterations', '1000', '--reps', '2'],
    ]) {
      const refused = runCli(args, {}, AS_NOBODY);
      expect(refused.status, args.join(' ')).toBe(2);
      expect(refused.stderr).toBe(
        `mintbench: Expected a directory this user can create files in for --out but received ${JSON.stringify(denied)} ${reason}\n`,
      );
    }
    expect(readdirSync(denied)).toEqual([]);
  });
});
