// Every process mintbench starts ends when mintbench ends, however it ends (SIGKILL, the OOM killer,
// a CI timeout): on Linux the child runs under util-linux's `setpriv --pdeathsig KILL`, which sets
// PR_SET_PDEATHSIG and execs the program (same pid; the setting survives exec, and taskset's). The
// signal fires when the thread that forked the child ends; Node forks from the thread that calls
// spawn, the main thread in the CLI. Process groups are untouched, so Ctrl-C still reaches only
// what it reached before.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `program` as exec would find it on PATH, else undefined. */
function onPath(program: string): string | undefined {
  if (program.includes('/')) return executable(program) ? program : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir || '.', program);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

/** The setpriv binaries found to take --pdeathsig. */
const takesPdeathsig = new Set<string>();

/**
 * util-linux's setpriv on PATH (essential on Debian) that takes --pdeathsig (util-linux 2.33 and
 * later), checked once, else a one-line refusal.
 */
function setpriv(): string {
  const found = onPath('setpriv');
  if (found === undefined) {
    throw new Error(
      'setpriv is not installed: mintbench needs it so that what it starts ends with it (Debian: apt-get install util-linux)',
    );
  }
  if (takesPdeathsig.has(found)) return found;
  const trial = spawnSync(found, ['--pdeathsig', 'KILL', '--', process.execPath, '-e', '0'], { stdio: 'ignore' });
  if (trial.status !== 0) {
    throw new Error(
      `${found} does not take --pdeathsig (util-linux 2.33 or later does): mintbench needs it so that what it starts ends with it`,
    );
  }
  takesPdeathsig.add(found);
  return found;
}

/**
 * The command that runs `program` with `args` and is killed when this process dies. A program that
 * is not there is left as it is, so that spawn fails as it would have (ENOENT) and nothing starts.
 */
export function diesWithParent(program: string, args: readonly string[]): { program: string; args: string[] } {
  if (process.platform !== 'linux') return { program, args: [...args] };
  const found = onPath(program);
  if (found === undefined) return { program, args: [...args] };
  return { program: setpriv(), args: ['--pdeathsig', 'KILL', '--', found, ...args] };
}
