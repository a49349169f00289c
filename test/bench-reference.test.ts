// The plain C reference that npm run bench holds mintbench against: it must do the same work as the
// addon (same offsets, same bytes, loops that really run), or the bench's ratios mean nothing.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildReference, referenceCpu, referenceIo, referenceMem, referenceTimer } from '../bench/reference.js';
import { loadAddon } from '../ts/measure/native.js';
import { readOffsets } from '../ts/measure/offsets.js';
import { tempDir, useTempTarget } from './helpers/files.js';
import { doublingRatio, fastest } from './helpers/ratios.js';

const TARGET_BYTES = 8 * 1024 * 1024;
const pattern = useTempTarget(TARGET_BYTES);
let program = '';
let cleanup = (): void => undefined;

beforeAll(() => {
  const dir = tempDir();
  cleanup = dir.cleanup;
  program = buildReference(dir.dir);
});
afterAll(() => {
  cleanup();
});

describe('the C reference', () => {
  it.each([4096, 64 * 1024])('reads the same offsets and bytes as the addon for one seed (%i-byte reads, O_DIRECT)', async (readBytes) => {
    const seed = 424242;
    const reference = referenceIo(program, pattern.file, readBytes, 5, 3, seed);
    const addon = await loadAddon().run({ repetitions: 3, reads: 5, readBytes, device: pattern.file, direct: true, seed }).result;
    expect(addon.offsets).toHaveLength(15);
    expect(reference.offsets).toEqual(addon.offsets);
    expect(reference.offsets).toEqual(readOffsets(seed, 15, TARGET_BYTES, readBytes, addon.target!.blockBytes));
    // The bytes too: each repetition's last read has the same fingerprint.
    expect(reference.readFingerprints).toEqual(addon.readFingerprints);
    expect(new Set(reference.readFingerprints).size).toBe(3);
    expect(reference.ticks).toHaveLength(3);
    for (const ticks of reference.ticks) expect(ticks).toBeGreaterThan(0);
  });

  it('runs a CPU loop that costs about twice the ticks for twice the increments', async () => {
    const m = 1_000_000;
    const ratio = await doublingRatio((scale) => Promise.resolve(fastest(referenceCpu(program, scale * m, 2).ticks)));
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
    expect(fastest(referenceCpu(program, m, 5).ticks)).toBeGreaterThan(m * 0.2);
  });

  it('copies (it checks the destination itself) at about twice the ticks for twice the copies', async () => {
    expect(referenceMem(program, 256 * 1024 + 24, 3, 2).ticks).toHaveLength(2);
    const ratio = await doublingRatio((scale) => Promise.resolve(fastest(referenceMem(program, 256 * 1024, scale * 32, 2).ticks)));
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
  });

  it('measures an empty region and a clock_gettime call', () => {
    const timer = referenceTimer(program);
    expect(timer.overheadTicks).toBeGreaterThan(0);
    expect(timer.clockGettimeNs).toBeGreaterThan(0);
  });

  it('refuses bad arguments with exit code 2 and one line', () => {
    for (const args of [[], ['cpu', '-5', '3'], ['io', pattern.file, '1000', '1', '1', '1']]) {
      const result = spawnSync(program, args, { encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
