// Version 1 result files (mintbench 0.1.0) as version 2 records. Version 1 stored the environment
// twice (flat `environment.*` fields beside `environment.machine`), the timer once per run, and each
// series' workload and summary; version 2 keeps the machine once (its TSC is the timer) and leaves
// statistics to the readers.
import * as z from 'zod';

import { checkShape, RecordShapeError } from './schema.js';

/** What the mapping needs of a version 1 file; the result is checked against version 2 in full. */
const version1 = z.looseObject({
  environment: z.looseObject({
    machine: z.looseObject({ tsc: z.looseObject({}) }),
    warnings: z.array(z.unknown()).optional(),
  }),
  runs: z
    .array(
      z.looseObject({
        timer: z.looseObject({ calibrationSeconds: z.number(), calibrationSamples: z.number(), calibrationSamplesKept: z.number() }),
        series: z.array(z.looseObject({})),
      }),
    )
    .min(1),
});

function without(object: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

export function upgradeVersion1(data: unknown): unknown {
  const { environment, runs, ...rest } = checkShape(version1, data);
  const { machine } = environment;
  // Calibrated once per process: every run of a file has the same timer.
  const [first] = runs;
  if (!first) throw new RecordShapeError('runs: a version 1 file without a run has no timer');
  const { calibrationSeconds, calibrationSamples, calibrationSamplesKept } = first.timer;
  return {
    ...rest,
    schemaVersion: 2,
    // Version 1 did not record the addon binary.
    machine: { addon: null, ...machine, tsc: { ...machine.tsc, calibrationSeconds, calibrationSamples, calibrationSamplesKept } },
    warnings: environment.warnings ?? [],
    runs: runs.map(({ series, ...run }) => ({
      ...without(run, ['timer']),
      series: series.map((entry) => without(entry, ['workload', 'summary'])),
    })),
  };
}
