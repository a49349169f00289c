// What a guest's console log says of its job. The guest's init (guest-image/init) prints
// "mintbench-guest: running the job", then the job writes its own output on the same serial
// console, then the init prints "mintbench-guest: the job exited with status N" and powers off, so
// QEMU's own status is the poweroff's: the job's status reaches the host only through this log.
import { readTail } from '../base/read-tail.js';

const JOB_STARTED = 'mintbench-guest: running the job';
const JOB_EXITED = /^mintbench-guest: the job exited with status (\d+)$/;
/** A kernel message on the console: `[   12.345678] …`. */
const KERNEL_MESSAGE = /^\[\s*\d+\.\d+\]/;
/** How many of a failed job's last lines the launcher's message quotes. */
export const LAST_LINES = 3;
/** A line longer than this is cut: the launcher's message stays one readable line. */
const MAX_LINE_CHARACTERS = 300;

export interface GuestJobEnd {
  /** The job's exit status, or undefined when the console does not say (the guest ended before its job did). */
  status: number | undefined;
  /** The job's last lines of output; when the job never started, the console's last lines (the init's failure, a panic). */
  lastLines: string[];
}

/** The last `count` non-empty lines of `lines`, each cut to MAX_LINE_CHARACTERS. */
export function lastLines(lines: readonly string[], count: number): string[] {
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(-count)
    .map((line) => (line.length > MAX_LINE_CHARACTERS ? `${line.slice(0, MAX_LINE_CHARACTERS)}…` : line));
}

/** The job's end as the console text tells it: its status and its last `count` lines of output. */
export function guestJobEnd(consoleText: string, count = LAST_LINES): GuestJobEnd {
  // The serial console ends its lines with CR LF.
  const lines = consoleText.split('\n').map((line) => line.replace(/\r$/, ''));
  const started = lines.lastIndexOf(JOB_STARTED);
  if (started < 0) return { status: undefined, lastLines: lastLines(lines, count) };
  const after = lines.slice(started + 1);
  const exited = after.findIndex((line) => JOB_EXITED.test(line));
  const output = (exited < 0 ? after : after.slice(0, exited)).filter((line) => !KERNEL_MESSAGE.test(line));
  const status = exited < 0 ? undefined : Number(JOB_EXITED.exec(after[exited] ?? '')?.[1]);
  return { status, lastLines: lastLines(output, count) };
}

/** guestJobEnd() of a console log file; a log that cannot be read says nothing. */
export function readGuestJobEnd(consoleLog: string, count?: number): GuestJobEnd {
  let text = '';
  try {
    text = readTail(consoleLog);
  } catch {
    // No log (QEMU never opened it): nothing to tell.
  }
  return guestJobEnd(text, count);
}
