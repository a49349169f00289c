// A one-line progress bar on stderr, redrawn with \r: repetitions done of total, workload and size.
import { formatBytes } from '../base/units.js';

/** Characters of the bar itself; the line stays under 80 columns with the text beside it. */
const BAR_CHARS = 24;

interface ProgressLine {
  /** `done` of `total` repetitions (warm-ups included), now at `workload` and `sizeBytes`. */
  update(done: number, total: number, workload: string, sizeBytes: number | null): void;
  /** Clears the line. */
  finish(): void;
}

interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function progressText(done: number, total: number, workload: string, sizeBytes: number | null): string {
  const filled = total > 0 ? Math.min(BAR_CHARS, Math.round((done / total) * BAR_CHARS)) : 0;
  const size = sizeBytes === null ? '' : ` ${formatBytes(sizeBytes)}`;
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_CHARS - filled)}] ${done}/${total} ${workload}${size}`;
}

/** A bar on `stream` when it is a terminal and not `quiet`; otherwise one that draws nothing. */
export function progressLine(quiet: boolean, stream: ProgressStream = process.stderr): ProgressLine {
  if (quiet || stream.isTTY !== true) return { update: () => undefined, finish: () => undefined };
  let width = 0;
  return {
    update(done, total, workload, sizeBytes) {
      const text = progressText(done, total, workload, sizeBytes);
      stream.write(`\r${text.padEnd(width)}`);
      width = text.length;
    },
    finish() {
      if (width > 0) stream.write(`\r${' '.repeat(width)}\r`);
      width = 0;
    },
  };
}
