import { defineConfig } from 'vitest/config';

// Benchmarks: timing targets measured side by side in one run, on demand (npm run bench), never in
// npm test — this machine is shared and noisy. One file, its sections in order.
export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
