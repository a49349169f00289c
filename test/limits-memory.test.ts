import { readdirSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it, vi } from 'vitest';

import { parseCpuList } from '../ts/env/files.js';
import { availableMemoryBytes, checkMemory, MEMORY_MARGIN_BYTES } from '../ts/measure/limits.js';
import { loadAddon, type NativeAddon } from '../ts/measure/native.js';
import { runCpu, runIo, runMem, runMix } from '../ts/measure/run.js';
import { tempDir, useTempTarget } from './helpers/files.js';

const target = useTempTarget(1024 * 1024);

/** An addon that must never be reached: the options are refused before any work. */
function untouchableAddon(): { addon: NativeAddon; run: ReturnType<typeof vi.fn> } {
  const never = () => {
    throw new Error('the addon was called');
  };
  const run = vi.fn(never);
  return { addon: { run, timer: never, now: never, cpuid: never, clockSource: 'fake' }, run };
}

describe('memory limit', () => {
  it('admits what fits under available memory less the margin, and refuses one byte more', () => {
    const available = 1024 ** 3;
    expect(() => {
      checkMemory('sizes', '1M', available - MEMORY_MARGIN_BYTES, available);
    }).not.toThrow();
    expect(() => {
      checkMemory('sizes', '1M', available - MEMORY_MARGIN_BYTES + 1, available);
    }).toThrow(
      /^Expected a value whose buffers fit in available memory \(960\.0 MiB after a 64M margin\) for sizes but received "1M" \(its buffers need 960\.0 MiB\)$/,
    );
  });

  it('reads available memory as MemAvailable from /proc/meminfo', async () => {
    const { readFileSync } = await import('node:fs');
    const kib = Number(/^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    // Both move while other processes run: agree within 5 %.
    expect(Math.abs(availableMemoryBytes() / (kib * 1024) - 1)).toBeLessThan(0.05);
  });

  it('refuses io reads whose offsets cannot fit, before making the scratch file or calling the addon', async () => {
    const { addon, run } = untouchableAddon();
    const cache = tempDir();
    vi.stubEnv('MINTBENCH_CACHE', cache.dir);
    try {
      await expect(runIo({ reads: 2 ** 40, repetitions: 1, addon })).rejects.toThrow(
        /^Expected a value whose buffers fit in available memory .* for reads but received 1099511627776 \(its buffers need 64\.0 TiB\)$/,
      );
      expect(readdirSync(cache.dir)).toEqual([]);
      expect(run).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllEnvs();
      cache.cleanup();
    }
  });

  it('refuses copy buffers beyond available memory before allocating them', async () => {
    const { addon, run } = untouchableAddon();
    // 8 GiB available, whatever this machine has: the two 16 GiB buffers cannot fit.
    vi.spyOn(os, 'freemem').mockReturnValue(8 * 1024 ** 3);
    try {
      await expect(runMem({ sizes: [4096, 2 ** 34], addon })).rejects.toThrow(
        /for sizes but received "4K,16G" \(its buffers need 32\.0 GiB\)$/,
      );
      expect(run).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('counts copy buffers, the read buffer and the offsets of a mix together', async () => {
    const { addon, run } = untouchableAddon();
    const sizeBytes = 64 * 1024 ** 2;
    // Room for the two copy buffers, or for the read buffer and offsets, but not for all three buffers.
    vi.spyOn(os, 'freemem').mockReturnValue(MEMORY_MARGIN_BYTES + 2.5 * sizeBytes);
    try {
      const options = { sizes: [sizeBytes], device: target.file, repetitions: 1, warmup: 0, addon };
      await expect(runMix({ ...options, ratio: { reads: 1, increments: 0, copies: 1 } })).rejects.toThrow(
        /^Expected a value whose buffers fit in available memory \(160\.0 MiB after a 64M margin\) for sizes but received "64M" \(its buffers need 192\.0 MiB\)$/,
      );
      expect(run).not.toHaveBeenCalled();
      // Copies alone fit: this run passes the memory check and reaches the addon.
      await expect(runMix({ ...options, ratio: { reads: 0, increments: 0, copies: 1 } })).rejects.toThrow('the addon was called');
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('is guarded again in the addon, against physical memory, before it allocates', async () => {
    await expect(loadAddon().run({ repetitions: 1000, reads: 2 ** 40, readBytes: 4096, device: target.file }).result).rejects.toThrow(
      /^Expected buffers that fit in this machine's \d+ bytes of memory for spec but received one needing \d+ bytes$/,
    );
  });
});

describe('cpu limit', () => {
  it.each([
    ['0-3', [0, 1, 2, 3]],
    ['0,2,4-5', [0, 2, 4, 5]],
    ['7', [7]],
    ['', []],
    ['1-x', []],
  ])('parses the CPU list %j', (text, cpus) => {
    expect(parseCpuList(text)).toEqual(cpus);
  });

  it('refuses a CPU outside this process affinity mask before calling the addon', async () => {
    const { addon, run } = untouchableAddon();
    await expect(runCpu({ cpu: 4095, addon })).rejects.toThrow(
      /^Expected a CPU this process may run on \([\d, ]+\) for cpu but received 4095$/,
    );
    expect(run).not.toHaveBeenCalled();
  });
});
