// A gated run prepares everything, says so, and opens no timed region until it is released: the
// native half of a synchronized start (--sync).
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

import { loadAddon } from '../ts/measure/native.js';
import { runCpu } from '../ts/measure/run.js';
import { useTempTarget } from './helpers/files.js';

const target = useTempTarget(1024 * 1024);

/** Settles to 'pending' if `promise` has not settled after the current macrotask queue drains. */
async function state(promise: Promise<unknown>): Promise<'resolved' | 'rejected' | 'pending'> {
  return Promise.race([
    promise.then(
      () => 'resolved' as const,
      () => 'rejected' as const,
    ),
    sleep(20).then(() => 'pending' as const),
  ]);
}

describe('a gated native run', () => {
  it('is prepared, then opens no region until release(), then runs every repetition', async () => {
    let regions = 0;
    const run = loadAddon().run(
      { repetitions: 3, reads: 2, readBytes: 4096, device: target.file, direct: false, copies: 2, copyBytes: 4096, gated: true },
      () => {
        regions += 1;
      },
    );
    await run.prepared;
    // Had a region opened while held, its progress callback would have run by now.
    await sleep(200);
    expect(regions).toBe(0);
    expect(await state(run.result)).toBe('pending');

    const releasedAt = process.hrtime.bigint();
    run.release();
    const result = await run.result;
    const doneAt = process.hrtime.bigint();
    expect(result.ticks).toHaveLength(3);
    expect(regions).toBe(3);
    expect(result.stopped).toBe(false);
    // The first region opened after the release, on the clock process.hrtime reads.
    expect(result.firstRegionNs).not.toBeNull();
    expect(result.firstRegionNs!).toBeGreaterThanOrEqual(releasedAt);
    expect(result.firstRegionNs!).toBeLessThanOrEqual(doneAt);
  });

  it('ends without any region when stopped while held', async () => {
    const run = loadAddon().run({ repetitions: 3, increments: 1000, gated: true });
    await run.prepared;
    run.stop();
    const result = await run.result;
    expect(result.stopped).toBe(true);
    expect(result.ticks).toEqual([]);
    expect(result.firstRegionNs).toBeNull();
  });

  it('rejects, never prepared, when preparation fails', async () => {
    const run = loadAddon().run({ repetitions: 1, reads: 1, readBytes: 4096, device: '/nonexistent/mintbench', gated: true });
    await expect(run.result).rejects.toThrow(/nonexistent/);
    expect(await state(run.prepared)).toBe('pending');
  });

  it('is not held without gated, and then never says prepared', async () => {
    const run = loadAddon().run({ repetitions: 2, increments: 1000 });
    const result = await run.result;
    expect(result.ticks).toHaveLength(2);
    expect(result.firstRegionNs).not.toBeNull();
    expect(await state(run.prepared)).toBe('pending');
  });

  it('refuses a gated flag that is not a boolean', () => {
    expect(() => loadAddon().run({ repetitions: 1, increments: 1, gated: 'yes' as unknown as boolean })).toThrow(
      'Expected a boolean for gated but received "yes"',
    );
  });
});

describe('a run with a start gate', () => {
  it('waits at the gate after preparing and reports when its first region opened', async () => {
    const events: string[] = [];
    let opened: bigint | undefined;
    let releasedAt: bigint | undefined;
    const run = await runCpu({
      iterations: 1000,
      repetitions: 2,
      warmup: 1,
      onProgress: () => events.push('region'),
      gate: {
        wait: async () => {
          events.push('gate');
          await sleep(100);
          // Taken when the gate lets go: a timer's own clock may end a 100 ms sleep early by hrtime's.
          releasedAt = process.hrtime.bigint();
        },
        opened: (ns) => {
          opened = ns;
        },
      },
    });
    expect(events).toEqual(['gate', 'region', 'region', 'region']);
    expect(run.series[0]!.repetitions).toHaveLength(2);
    expect(opened).toBeDefined();
    expect(opened).toBeGreaterThanOrEqual(releasedAt!);
  });

  it("stops before any region when the gate rejects, with the gate's error", async () => {
    let regions = 0;
    await expect(
      runCpu({
        iterations: 1000,
        repetitions: 2,
        onProgress: () => (regions += 1),
        gate: {
          wait: () => Promise.reject(new Error('no barrier')),
          opened: () => undefined,
        },
      }),
    ).rejects.toThrow('no barrier');
    expect(regions).toBe(0);
  });
});
