// Result files made to hurt a reader: one too large to read (sparse, so it costs no disk) and one
// nested too deep to parse. test/store-bounds.test.ts and bench/reading.ts put them beside real records.
import { truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const HUGE_BYTES = 200 * 1024 ** 2;
export const HOSTILE_DEPTH = 100_000;

/** Writes huge.json (200 MiB of size, no blocks) and deep.json (100,000 nested arrays) into `dir`; returns their paths. */
export function writeHostileFiles(dir: string): { huge: string; deep: string } {
  const huge = path.join(dir, 'huge.json');
  writeFileSync(huge, '');
  truncateSync(huge, HUGE_BYTES);
  const deep = path.join(dir, 'deep.json');
  writeFileSync(deep, `${'['.repeat(HOSTILE_DEPTH)}${']'.repeat(HOSTILE_DEPTH)}`);
  return { huge, deep };
}
