// strace, for tests that show which system calls a run makes.
import { execFileSync } from 'node:child_process';

import { dependency, type Need } from './requires.js';

/** strace, tracing with `options` (not installed, or ptrace refused in a container, makes it missing). */
export function needsStrace(options: readonly string[] = []): Need {
  try {
    execFileSync('strace', [...options, '-o', '/dev/null', 'true'], { stdio: 'ignore' });
    return dependency(undefined);
  } catch (error) {
    return dependency(
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'strace is not installed (apt-get install strace)'
        : `strace cannot trace here with ${options.join(' ') || 'no options'} (ptrace refused?)`,
    );
  }
}
