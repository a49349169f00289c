import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { loadAddon } from '../ts/measure/native.js';
import { root, tempDir } from './helpers/files.js';
import { doublingRatio, fastest, FASTEST_OF } from './helpers/ratios.js';
import { onlyOnX86, requires } from './helpers/requires.js';

describe('cpu loop', () => {
  it('costs about twice as many ticks for twice the increments', async () => {
    const addon = loadAddon();
    const m = 1_000_000;
    const ratio = await doublingRatio(async (scale) =>
      fastest((await addon.run({ repetitions: FASTEST_OF, increments: scale * m }).result).ticks),
    );
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
    // And at least a fraction of a tick per increment: the loop was not folded into one addition.
    const single = await addon.run({ repetitions: 5, increments: m }).result;
    expect(fastest(single.ticks)).toBeGreaterThan(m * 0.2);
  });

  requires(onlyOnX86()).it('survives -O3 with link-time optimization even when its result is thrown away', () => {
    const { dir, cleanup } = tempDir();
    try {
      // The harshest caller: whole-program optimization may inline cpu_loop and drop anything whose
      // result nobody uses. Only the asm's `volatile` keeps the loop in the linked program.
      const driver = path.join(dir, 'driver.cc');
      writeFileSync(
        driver,
        '#include "cpu_loop.h"\nint main(int argc, char**) { mintbench::cpu_loop(static_cast<unsigned>(argc) * 1000u); return 0; }\n',
      );
      const program = path.join(dir, 'driver');
      const native = path.join(root, 'native');
      execFileSync('g++', ['-std=c++17', '-O3', '-flto', `-I${native}`, '-o', program, driver, path.join(native, 'cpu_loop.cc')]);
      const disassembly = execFileSync('objdump', ['-d', '--no-show-raw-insn', program], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const main = disassembly.slice(disassembly.indexOf('<main>:'));
      // The loop body in main: increment the counter, decrement the remaining count, branch back.
      expect(main).toMatch(/inc\s+%\w+\s*\n.*dec\s+%\w+\s*\n.*jne\s+/);
    } finally {
      cleanup();
    }
  });
});
