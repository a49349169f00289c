import { describe, expect, it } from 'vitest';

import { loadAddon } from '../ts/measure/native.js';
import { fingerprintWords, readOffsets } from '../ts/measure/offsets.js';
import { runIo } from '../ts/measure/run.js';
import { sha256File, useTempTarget } from './helpers/files.js';

const TARGET_BYTES = 8 * 1024 * 1024;
const pattern = useTempTarget(TARGET_BYTES);

describe('io workload', () => {
  it.each([true, false])('reads the bytes at the seeded offsets (direct: %s)', async (direct) => {
    const readBytes = 64 * 1024;
    const seed = 12345;
    const result = await loadAddon().run({ repetitions: 6, reads: 1, readBytes, device: pattern.file, direct, seed }).result;
    const target = result.target!;
    expect(target.kind).toBe('file');
    expect(target.sizeBytes).toBe(TARGET_BYTES);
    expect(target.direct).toBe(direct);
    const expected = readOffsets(seed, 6, TARGET_BYTES, readBytes, target.blockBytes);
    expect(result.offsets).toEqual(expected);
    // One read per repetition: each repetition's fingerprint is that read's bytes.
    expect(result.readFingerprints).toEqual(
      expected.map((offset) => fingerprintWords(pattern.content.subarray(offset, offset + readBytes))),
    );
    // The offsets are spread out, not one place read again and again.
    expect(new Set(expected).size).toBe(6);
  });

  it('draws the same offsets for the same seed and different ones for another', async () => {
    const spec = { repetitions: 2, reads: 5, readBytes: 4096, device: pattern.file };
    const first = await loadAddon().run({ ...spec, seed: 7 }).result;
    const again = await loadAddon().run({ ...spec, seed: 7 }).result;
    const other = await loadAddon().run({ ...spec, seed: 8 }).result;
    expect(first.offsets).toHaveLength(10);
    expect(again.offsets).toEqual(first.offsets);
    expect(other.offsets).not.toEqual(first.offsets);
  });

  it('leaves the target unchanged and reports the offsets of measured repetitions only', async () => {
    const before = sha256File(pattern.file);
    const run = await runIo({ device: pattern.file, sizes: [4096, 128 * 1024], reads: 3, repetitions: 4, warmup: 2, seed: 99 });
    expect(sha256File(pattern.file)).toBe(before);
    expect(run.series.map((s) => s.sizeBytes)).toEqual([4096, 128 * 1024]);
    for (const series of run.series) {
      expect(series.repetitions).toHaveLength(4);
      expect(series.warmup).toHaveLength(2);
      const all = readOffsets(99, 6 * 3, TARGET_BYTES, series.sizeBytes!, series.target!.blockBytes);
      expect(series.offsets).toEqual(all.slice(2 * 3));
      for (const offset of series.offsets!) expect(offset + series.sizeBytes!).toBeLessThanOrEqual(TARGET_BYTES);
    }
  });
});
