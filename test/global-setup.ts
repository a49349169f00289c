// Runs once for the whole test run: CLI runs made by tests work in a scratch directory, so the
// result files they write by default (results/ under the current directory) never land in the repo.
// Tests mount their small file systems in it too; whatever a dead worker left mounted is unmounted.
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { unmountAllUnder } from './helpers/mounts.js';

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mintbench-cli-cwd-'));
  // Reachable by the unprivileged user that permission tests run the CLI as.
  chmodSync(dir, 0o755);
  process.env.MINTBENCH_TEST_CWD = dir;
  return () => {
    unmountAllUnder(dir);
  };
}
