// strace, for tests that show which system calls a run makes.
import { execFileSync } from 'node:child_process';

/** Why strace cannot trace here with `options` (not installed, or ptrace refused in a container), or undefined when it can. */
export function straceSkipReason(options: readonly string[] = []): string | undefined {
  try {
    execFileSync('strace', [...options, '-o', '/dev/null', 'true'], { stdio: 'ignore' });
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'strace is not installed' : 'strace cannot trace here';
  }
}
