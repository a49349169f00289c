// The scratch file `io` reads when no --device is given: random content, made once, reused.
import { randomFillSync } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** 512 MiB: large enough that random reads rarely hit the same blocks and the disk's cache cannot hold it all. */
export const SCRATCH_BYTES = 512 * 1024 ** 2;
const CHUNK_BYTES = 8 * 1024 ** 2;

/** $MINTBENCH_CACHE, else $XDG_CACHE_HOME/mintbench, else ~/.cache/mintbench. */
function cacheDir(): string {
  return process.env.MINTBENCH_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'mintbench');
}

/** Path of the scratch file, creating it (atomically: temp file, then rename) if missing. */
export function ensureScratchFile(bytes = SCRATCH_BYTES, dir = cacheDir()): string {
  const file = path.join(dir, `scratch-${bytes}.bin`);
  if (existsSync(file) && statSync(file).size === bytes) return file;
  mkdirSync(dir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  // A leftover of an earlier process with this pid goes (rm removes a symlink, not what it points
  // to); exclusive creation then never follows a link planted in between.
  rmSync(temp, { force: true });
  const fd = openSync(temp, 'wx', 0o644);
  try {
    const chunk = Buffer.alloc(CHUNK_BYTES);
    for (let written = 0; written < bytes; written += CHUNK_BYTES) {
      const length = Math.min(CHUNK_BYTES, bytes - written);
      randomFillSync(chunk, 0, length);
      writeSync(fd, chunk, 0, length);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  return file;
}
