import { defineConfig } from 'vitest/config';

import SkipSummaryReporter from './test/helpers/skip-summary.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Native workloads take real time; run files one at a time so they do not share the two cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // After the default report: one line per skipped group and its reason.
    reporters: ['default', new SkipSummaryReporter()],
  },
});
