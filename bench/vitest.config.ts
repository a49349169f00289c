import { defineConfig } from 'vitest/config';

// Benchmarks: timing targets measured side by side in one run, on demand (npm run bench), never in
// npm test — this machine is shared and noisy. The A/A campaigns take longer than the rest together:
// they run apart (npm run bench:aa, MINTBENCH_BENCH=aa).
const AA_CAMPAIGNS = 'bench/aa-campaign.test.ts';

export default defineConfig({
  test: {
    include: process.env.MINTBENCH_BENCH === 'aa' ? [AA_CAMPAIGNS] : ['bench/**/*.test.ts'],
    exclude: process.env.MINTBENCH_BENCH === 'aa' ? [] : [AA_CAMPAIGNS],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
