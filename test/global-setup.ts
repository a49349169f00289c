// Runs once for the whole test run: CLI runs made by tests work in a scratch directory, so the
// result files they write by default (results/ under the current directory) never land in the repo.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mintbench-cli-cwd-'));
  process.env.MINTBENCH_TEST_CWD = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
}
