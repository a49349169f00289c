// Ctrl-C and SIGTERM stop a CLI run: exit 130, the completed repetitions printed and written to a
// result file marked interrupted. How soon it exits (within a second) is timed in
// bench/latency.ts (npm run bench): here the limit only tells a stopped run from one that went on.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { EXIT_INTERRUPTED } from '../ts/commands/exit-codes.js';
import { readRecord } from '../ts/results/store.js';
import { ENDLESS_CPU_RUN, interruptCli } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';

/** About 0.1 s here; the run itself would go on for hours. */
const EXIT_WITHIN_MS = 30_000;
/** A printed repetition: its number, ticks, seconds and CPU (`0->1 (migrated)` if it moved). */
const REPETITION_LINE = /^\s+\d+\s+(\d+)\s+\d+\.\d+\s+\d+/;

describe('cli interrupted by a signal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s stops a cpu run: exit 130, the completed repetitions printed and saved, marked interrupted',
    async (signal) => {
      const { dir, cleanup } = tempDir();
      try {
        const result = await interruptCli([...ENDLESS_CPU_RUN, '--per-rep', '--out', dir], signal);
        expect(result.status, result.stderr).toBe(EXIT_INTERRUPTED);
        expect(result.exitMs).toBeLessThan(EXIT_WITHIN_MS);
        expect(result.stderr).toMatch(/stopping; the repetition under way is discarded/);
        const printedTicks = result.stdout
          .split('\n')
          .flatMap((line) => REPETITION_LINE.exec(line)?.[1] ?? [])
          .map(Number);
        expect(printedTicks.length).toBeGreaterThanOrEqual(1);
        expect(result.stdout).toMatch(new RegExp(`\\(n=${String(printedTicks.length)}\\)`));
        expect(result.stdout).toMatch(new RegExp(`^cpu +${String(printedTicks.length)} `, 'm'));
        expect(result.stdout).toMatch(/STOPPED before all repetitions ran/);
        // One result file, holding what was printed, marked interrupted.
        const files = readdirSync(dir);
        expect(files).toHaveLength(1);
        const record = readRecord(path.join(dir, files[0]!));
        expect(record.interrupted).toBe(true);
        expect(record.runs.map((run) => run.stopped)).toEqual([true]);
        expect(record.runs[0]!.series[0]!.repetitions.map((rep) => rep.ticks)).toEqual(printedTicks);
      } finally {
        cleanup();
      }
    },
  );
});
