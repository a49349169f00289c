// The scratch file `io` reads when no --device is given: random content, made once, reused.
import { randomFillSync } from 'node:crypto';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { removeAbandonedTempFiles, writeFileAtomic } from '../base/atomic-write.js';
import { checkFreeSpace, checkOutputDirectory } from '../base/output-checks.js';

/** 512 MiB: large enough that random reads rarely hit the same blocks and the disk's cache cannot hold it all. */
export const SCRATCH_BYTES = 512 * 1024 ** 2;
const CHUNK_BYTES = 8 * 1024 ** 2;
/** How the cache directory is named in messages: the variable that moves it. */
export const CACHE_NAME = 'MINTBENCH_CACHE';

/** $MINTBENCH_CACHE, else $XDG_CACHE_HOME/mintbench, else ~/.cache/mintbench. */
export function cacheDir(): string {
  return process.env.MINTBENCH_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'mintbench');
}

/** `bytes` of random content, in chunks of one reused buffer. */
function* randomChunks(bytes: number): Generator<Uint8Array> {
  const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, bytes));
  for (let done = 0; done < bytes; done += chunk.length) {
    const length = Math.min(chunk.length, bytes - done);
    randomFillSync(chunk, 0, length);
    yield chunk.subarray(0, length);
  }
}

/**
 * Path of the scratch file, built if missing or not whole. It appears under its name only once
 * complete (writeFileAtomic), so a file of the right size there is a finished one; a build cut short
 * by a kill leaves only a temp file, removed by the next build. Refuses (UsageError) a cache
 * directory that cannot hold it, before writing a byte. `name` tells several apart (config run's
 * disk B is `scratch-b`).
 */
export function ensureScratchFile(bytes = SCRATCH_BYTES, dir = cacheDir(), name = 'scratch'): string {
  const file = path.join(dir, `${name}-${bytes}.bin`);
  const existing = statSync(file, { throwIfNoEntry: false });
  if (existing?.isFile() && existing.size === bytes) return file;
  checkOutputDirectory(CACHE_NAME, dir);
  removeAbandonedTempFiles(file);
  checkFreeSpace(
    'the scratch file',
    CACHE_NAME,
    dir,
    // A wrong-sized file there is replaced only once the new one is whole: both take room meanwhile.
    bytes,
    `set ${CACHE_NAME} to a directory with room, or pass --device to read a disk or file instead`,
  );
  writeFileAtomic(file, randomChunks(bytes), { replace: true });
  return file;
}
