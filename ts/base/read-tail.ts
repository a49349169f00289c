// The end of a log file, for a failure message: bounded, so that a huge log costs nothing more.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The default tail: far more than any job's last lines, far less than a runaway log. */
export const TAIL_BYTES = 1 << 20;

/** The last `maxBytes` of `file` as UTF-8 (a character cut at the start shows as U+FFFD). */
export function readTail(file: string, maxBytes = TAIL_BYTES): string {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const read = readSync(fd, buffer, done, length - done, size - length + done);
      if (read === 0) break;
      done += read;
    }
    return buffer.subarray(0, done).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
