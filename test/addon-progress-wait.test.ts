// A progress callback must not run inside the next timed region: the addon waits for the callback
// to finish before opening the next region. What that saves on a one-CPU machine is measured in
// bench/progress-callback.test.ts (a timing target: not a unit test on this shared machine).
import { describe, expect, it } from 'vitest';

import { loadAddon } from '../ts/measure/native.js';

describe('progress callbacks', () => {
  it('hold the next region until the callback has returned', async () => {
    // The first callback stops the run after keeping the JS thread busy for 50 ms, about a thousand
    // repetitions' worth: had the worker gone on while it ran, some of those would be in the result.
    let calls = 0;
    const run = loadAddon().run({ repetitions: 10_000, increments: 1e5 }, () => {
      calls += 1;
      const until = performance.now() + 50;
      while (performance.now() < until);
      run.stop();
    });
    const result = await run.result;
    expect(calls).toBe(1);
    expect(result.stopped).toBe(true);
    expect(result.ticks).toHaveLength(1);
  });
});
