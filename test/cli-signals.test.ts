import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

import { EXIT_INTERRUPTED } from '../ts/commands/exit-codes.js';
import { loadAddon } from '../ts/measure/native.js';
import { cliCwd, cliPath } from './helpers/cli.js';

/**
 * Each repetition runs about this long. Short enough that a few complete before the signal even on
 * a loaded machine; that a stop cuts a repetition short is shown by test/workload-stop.test.ts.
 */
const REPETITION_SECONDS = 0.5;
const REPETITIONS = 10;
/** "Within a second or so" of the signal, process start-up and rendering included. */
const EXIT_WITHIN_MS = 1000;

/** Register increments per second on this machine now, from one short run. */
async function incrementsPerSecond(): Promise<number> {
  const trial = 100_000_000;
  const result = await loadAddon().run({ repetitions: 1, increments: trial }).result;
  return trial / (result.ticks[0]! / result.timer.hz);
}

/** Milliseconds from spawning the CLI to its exit for a run with next to no work: node, modules, calibration. */
function startupMs(): number {
  const start = performance.now();
  spawnSync(process.execPath, [cliPath, 'cpu', '--iterations', '1', '--reps', '1', '--warmup', '0'], { cwd: cliCwd() });
  return performance.now() - start;
}

describe('cli interrupted by a signal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s stops a cpu run within a second, prints the completed repetitions and exits 130',
    async (signal) => {
      const iterations = Math.round((await incrementsPerSecond()) * REPETITION_SECONDS);
      const startup = startupMs();
      const child = spawn(
        process.execPath,
        [cliPath, 'cpu', '--iterations', String(iterations), '--reps', String(REPETITIONS), '--warmup', '0'],
        { cwd: cliCwd() },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => {
        child.on('exit', resolve);
      });

      // Some four repetitions in: a few are complete, one is under way. This VM's core speed swings
      // by up to 2x, so even at half the measured speed two repetitions are complete by then.
      await sleep(startup + 4.5 * REPETITION_SECONDS * 1000);
      const signalledAt = performance.now();
      child.kill(signal);
      const code = await exited;
      const exitMs = performance.now() - signalledAt;

      expect(code, stderr).toBe(EXIT_INTERRUPTED);
      expect(exitMs).toBeLessThan(EXIT_WITHIN_MS);
      expect(stderr).toMatch(/stopping/);
      const repetitionLines = stdout.split('\n').filter((line) => /^\s+\d+\s+\d+\s+\d+\.\d+\s+\d+/.test(line));
      expect(repetitionLines.length).toBeGreaterThanOrEqual(1);
      expect(repetitionLines.length).toBeLessThan(REPETITIONS);
      expect(stdout).toMatch(new RegExp(`n=${repetitionLines.length}\\)`));
      expect(stdout).toMatch(/STOPPED before all repetitions ran/);
    },
  );
});
