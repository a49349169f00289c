import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

import { loadAddon } from '../ts/measure/native.js';
import { MAX_READ_BYTES } from '../ts/measure/limits.js';
import { planMix } from '../ts/measure/plan.js';
import { runCpu, runIo, runMem } from '../ts/measure/run.js';
import { useTempTarget } from './helpers/files.js';

const target = useTempTarget(1024 * 1024);

describe('bad input', () => {
  it('refuses a missing device', async () => {
    await expect(runIo({ device: path.join(target.dir, 'missing') })).rejects.toThrow(
      /^Expected an existing block device or regular file for device but received ".*missing" \(nothing is at that path\)$/,
    );
  });

  it('refuses a directory', async () => {
    await expect(runIo({ device: target.dir })).rejects.toThrow(/not a directory for device/);
  });

  it('refuses a FIFO without blocking on it', async () => {
    const fifo = path.join(target.dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(runIo({ device: fifo })).rejects.toThrow(/not a FIFO for device/);
    // The addon guards again on its own.
    await expect(loadAddon().run({ repetitions: 1, reads: 1, readBytes: 4096, device: fifo }).result).rejects.toThrow(
      /^Expected a block device or regular file for device but received a FIFO/,
    );
  });

  it('refuses a size that is not a multiple of the block size under O_DIRECT', async () => {
    await expect(runIo({ device: target.file, sizes: [1000], reads: 1, repetitions: 1 })).rejects.toThrow(
      /^Expected a multiple of the block size of .* \(\d+ bytes: O_DIRECT reads whole blocks\) for sizes but received 1000$/,
    );
  });

  it('refuses a target smaller than one read', async () => {
    await expect(runIo({ device: target.file, sizes: [2 * 1024 * 1024], reads: 1, repetitions: 1 })).rejects.toThrow(
      /target at least one read .* long for device/,
    );
  });

  it('refuses a read size above what one Linux read() returns, but not a copy of that size', () => {
    const above = MAX_READ_BYTES + 4096;
    const reading = { device: target.file, sizes: [4096, above], repetitions: 1, reads: 1, copies: 1 };
    expect(() => planMix({ ...reading, ratio: { reads: 1, increments: 0, copies: 0 } })).toThrow(
      /^Expected a read size of at most 2147479552 bytes \(2 GiB − 4 KiB\) for sizes but received "2G"/,
    );
    expect(() => planMix({ ...reading, ratio: { reads: 1, increments: 1, copies: 1 } })).toThrow(/for sizes but received "2G"/);
    // Planning runs nothing; the two 2 GiB copy buffers fit in the 1 TiB of memory this test claims.
    vi.spyOn(os, 'freemem').mockReturnValue(1024 ** 4);
    try {
      const copying = planMix({ sizes: [above], repetitions: 1, copies: 1, ratio: { reads: 0, increments: 0, copies: 1 } });
      expect(copying.series.map((plan) => plan.spec.copyBytes)).toEqual([above]);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it.each([0, -1, 1.5, Number.NaN, 2 ** 60])('refuses %d repetitions and iterations', async (count) => {
    await expect(runCpu({ repetitions: count })).rejects.toThrow(/^Expected an integer from 1 to 1000000 for repetitions but received/);
    await expect(runCpu({ iterations: count })).rejects.toThrow(/^Expected an integer of at least 1 for iterations but received/);
    await expect(runMem({ copies: count })).rejects.toThrow(/for copies but received/);
    await expect(runIo({ device: target.file, reads: count })).rejects.toThrow(/for reads but received/);
  });

  it('guards again in the addon, with the same message shape', async () => {
    const addon = loadAddon();
    expect(() => addon.run({ repetitions: 0, increments: 1 }).result).toThrow(
      /^Expected an integer from 1 to 1000000 for repetitions but received 0$/,
    );
    expect(() => addon.run({ repetitions: 1, increments: -5 }).result).toThrow(RangeError);
    expect(() => addon.run({ repetitions: 1 }).result).toThrow(/at least one of reads, increments or copies/);
    expect(() => addon.run({ repetitions: 1, reads: 1, readBytes: 4096 }).result).toThrow(/for device but received undefined/);
    await expect(
      Promise.resolve().then(() => addon.run({ repetitions: 1, reads: 1, readBytes: 1000, device: target.file, direct: false }).result),
    ).rejects.toThrow(/^Expected a multiple of the block size \(\d+ bytes\) of .* for sizes but received 1000$/);
    // The read cap: at it, the spec is taken (this target is then too short); above it, refused.
    const read = (readBytes: number) => addon.run({ repetitions: 1, reads: 1, readBytes, device: target.file, direct: false });
    await expect(Promise.resolve().then(() => read(MAX_READ_BYTES).result)).rejects.toThrow(/target at least one read/);
    expect(() => read(MAX_READ_BYTES + 4096)).toThrow(/^Expected an integer from 0 to 2147479552 for readBytes but received 2147483648$/);
  });
});
