import os from 'node:os';
import { describe, expect, it } from 'vitest';

import { loadAddon } from '../ts/measure/native.js';

describe('pinning', () => {
  it.each([0, os.availableParallelism() - 1])('keeps every repetition on CPU %d when pinned there', async (cpu) => {
    const result = await loadAddon().run({ repetitions: 5, increments: 1_000_000, cpu }).result;
    expect(result.pinnedCpu).toBe(cpu);
    expect(result.cpuStart).toEqual([cpu, cpu, cpu, cpu, cpu]);
    expect(result.cpuEnd).toEqual([cpu, cpu, cpu, cpu, cpu]);
  });

  it('refuses a CPU the process may not run on, listing the allowed ones', async () => {
    await expect(loadAddon().run({ repetitions: 1, increments: 1, cpu: 4095 }).result).rejects.toThrow(
      /^Expected a CPU this process may run on \([\d,-]+\) for cpu but received 4095$/,
    );
  });

  it('reports no pinning when not asked to pin', async () => {
    expect((await loadAddon().run({ repetitions: 1, increments: 1 }).result).pinnedCpu).toBe(-1);
  });
});
