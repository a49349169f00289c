// Output directories are checked before any work, so a bad --out costs nothing.
import { statSync } from 'node:fs';

import { expected } from '../base/errors.js';

/** Refuses an `--out` that exists and is not a directory; one that does not exist yet is made by whoever writes into it. */
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
