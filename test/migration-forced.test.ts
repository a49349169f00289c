// A real migration: the test moves the whole CLI process (every thread, the libuv worker that runs
// the timed regions included) between CPU 0 and CPU 1 while it measures, with taskset.
import { spawn, spawnSync } from 'node:child_process';

import { describe, expect } from 'vitest';

import type { ResultRecord } from '../ts/results/schema.js';
import { cliCwd, cliPath } from './helpers/cli.js';
import { needsTaskset, needsTwoCpus, requires } from './helpers/requires.js';

/** Far shorter than one ~10–40 ms repetition: most moves land inside a timed region. */
const MOVE_EVERY_MS = 25;

function moveAllThreads(pid: number, cpu: number): void {
  spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

describe('migration detection', () => {
  requires(needsTaskset(), needsTwoCpus()).it(
    'flags the repetitions during which the measuring thread was moved to another CPU',
    async () => {
      // Start on CPU 0 only; the run itself is not pinned, so affinity changes move its worker thread.
      const child = spawn(
        'taskset',
        ['-c', '0', process.execPath, cliPath, 'cpu', '--iterations', '20000000', '--reps', '60', '--warmup', '0', '--json'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          cwd: cliCwd(),
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      let target = 1;
      const mover = setInterval(() => {
        if (child.pid !== undefined) moveAllThreads(child.pid, target);
        target = 1 - target;
      }, MOVE_EVERY_MS);
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      clearInterval(mover);

      expect(status, stderr).toBe(0);
      const record = JSON.parse(stdout) as ResultRecord;
      const reps = record.runs.flatMap((run) => run.series.flatMap((series) => series.repetitions));
      expect(reps).toHaveLength(60);
      for (const rep of reps) expect(rep.migrated).toBe(rep.cpuStart !== rep.cpuEnd);
      const moved = reps.filter((rep) => rep.migrated);
      expect(moved.length).toBeGreaterThan(0);
      expect(new Set(reps.map((rep) => rep.cpuEnd))).toEqual(new Set([0, 1]));
      expect(stderr).toMatch(new RegExp(`warning \\[migrated\\]: .* during ${moved.length} of 60 repetitions`));
    },
  );
});
