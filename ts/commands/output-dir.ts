// The directory that plot and report write into: checked before any work, made when needed, and
// written one whole file at a time.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { expected } from '../base/errors.js';
import { writeFileAtomically } from '../results/store.js';

/** Refuses an --out that exists and is not a directory, before any file is read. */
export function checkOutDir(out: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(out).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!isDirectory) throw expected('a directory, or a path that does not exist yet', 'out', out, 'it exists and is not a directory');
}

/** Writes `name` into `dir` (made if missing) whole or not at all, and returns its path. */
export function writeOutputFile(dir: string, name: string, data: string | Uint8Array): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileAtomically(file, data);
  return file;
}
