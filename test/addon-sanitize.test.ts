import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';

import { addonFacts } from '../ts/env/addon.js';
import { addonPath, loadAddon } from '../ts/measure/native.js';
import { root } from './helpers/files.js';
import { onlyWhenSanitizing, requires } from './helpers/requires.js';

// scripts/test-sanitize.sh sets MINTBENCH_SANITIZE: then this proves the suite really ran against
// the ASan + UBSan build, not a plain one.

describe('sanitizer build', () => {
  requires(onlyWhenSanitizing()).it('is the addon under test, with both sanitizer runtimes loaded', () => {
    loadAddon();
    const file = addonPath();
    expect(file).toMatch(/\/build-sanitize\/Release\/mintbench\.node$/);
    const maps = readFileSync('/proc/self/maps', 'utf8');
    expect(maps).toMatch(/\/libasan\.so/);
    expect(maps).toMatch(/\/libubsan\.so/);
    expect(maps).toContain(file);
    // Instrumented, not merely linked: the code calls the sanitizers' report handlers.
    const binary = readFileSync(file);
    expect(binary.includes('__asan_report_load')).toBe(true);
    expect(binary.includes('__ubsan_handle_')).toBe(true);
    // What info and every result file say about this binary.
    expect(addonFacts(file, root).buildFlags.join(' ')).toContain('-fsanitize=address,undefined');
  });
});
