import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { loadAddon } from '../ts/native.js';
import { doublingRatio, fastest, root, tempDir } from './helpers.js';

describe('cpu loop', () => {
  it('costs about twice as many ticks for twice the increments', async () => {
    const addon = loadAddon();
    const m = 1_000_000;
    const ratio = await doublingRatio(async (scale) => fastest((await addon.run({ repetitions: 2, increments: scale * m })).ticks));
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
    // And at least a fraction of a tick per increment: the loop was not folded into one addition.
    const single = await addon.run({ repetitions: 5, increments: m });
    expect(fastest(single.ticks)).toBeGreaterThan(m * 0.2);
  });

  it.runIf(process.arch === 'x64')('keeps its loop when compiled with -O3 and link-time optimization', () => {
    const { dir, cleanup } = tempDir();
    try {
      const assembly = path.join(dir, 'cpu_loop.s');
      execFileSync('g++', ['-std=c++17', '-O3', '-flto', '-ffat-lto-objects', '-S', '-o', assembly, path.join(root, 'native', 'cpu_loop.cc')]);
      const text = readFileSync(assembly, 'utf8');
      // The x86-64 loop body: increment the counter, decrement the remaining count, branch back.
      expect(text).toMatch(/incq\s+%\w+\s*\n\s*decq\s+%\w+\s*\n\s*jnz\s+1b/);
    } finally {
      cleanup();
    }
  });
});
