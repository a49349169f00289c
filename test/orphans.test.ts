// Children die with their parent: a config run or a campaign killed from outside (SIGKILL, as the
// OOM killer or a CI timeout would) leaves none of the processes it started. The children are told
// apart by pid: the direct children of the killed CLI, read from /proc while it ran, each with its
// start time so that a reused pid is not mistaken for it.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { cliCwd, cliPath, runCliAsync } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { describeGuests, TCG } from './helpers/guests.js';
import { needsTwoCpus, requires } from './helpers/requires.js';

/** A run that lasts many minutes: it must still be running when its parent is killed. */
const LONG_CPU = ['cpu', '--reps', '100000', '--iterations', '100000000', '--quiet'];
/** How long the children have to go after the parent's SIGKILL (the acceptance's bound). */
const GONE_WITHIN_MS = 5000;

interface Proc {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: with the pid, names the process for good. */
  startTime: string;
  argv: string[];
}

/** pid, state, ppid and start time from /proc/<pid>/stat; undefined if it is gone. */
function stat(pid: number): { state: string; ppid: number; startTime: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name, in parentheses, may hold spaces and parentheses: the fields follow the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', ppid: Number(fields[1]), startTime: fields[19] ?? '' };
}

function childrenOf(parent: number): Proc[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      const pid = Number(name);
      const facts = stat(pid);
      if (facts?.ppid !== parent) return [];
      let argv: string[] = [];
      try {
        argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      } catch {
        // Gone since: its argv stays unknown.
      }
      return [{ pid, startTime: facts.startTime, argv }];
    });
}

/** Still running: the same process (same start time), not a zombie waiting for its reaper. */
function alive(proc: Proc): boolean {
  const facts = stat(proc.pid);
  return facts !== undefined && facts.startTime === proc.startTime && facts.state !== 'Z';
}

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/** The CLI with `args`, its stderr collected. */
function startCli(args: string[]): { child: ChildProcessByStdio<null, null, Readable>; stderr: () => string } {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: cliCwd(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr };
}

/** Processes a test saw and must not leave behind, even when it fails. */
const seen: Proc[] = [];
afterEach(() => {
  for (const proc of seen.splice(0)) if (alive(proc)) process.kill(proc.pid, 'SIGKILL');
});

/**
 * Starts the CLI, waits until `ready` holds of its stderr and `count` children of it match
 * `isChild`, SIGKILLs the CLI, and expects every one of those children gone within 5 s.
 */
async function killLeavesNoChild(
  args: string[],
  options: { ready: RegExp; count: number; isChild: (proc: Proc) => boolean; startMs: number },
): Promise<Proc[]> {
  const { child, stderr } = startCli(args);
  // 'exit', not 'close': a child left behind may hold the stderr pipe open.
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => {
      resolve();
    });
  });
  const pid = child.pid ?? 0;
  const children = await until(`${options.count} children of ${args.join(' ')} (stderr: ${stderr()})`, options.startMs, () => {
    if (!options.ready.test(stderr())) return undefined;
    const found = childrenOf(pid).filter(options.isChild);
    return found.length >= options.count ? found : undefined;
  });
  seen.push(...children);
  expect(children.filter(alive)).toHaveLength(options.count);
  child.kill('SIGKILL');
  await exited;
  await until(`the children ${children.map((proc) => proc.pid).join(', ')} gone`, GONE_WITHIN_MS, () =>
    children.some(alive) ? undefined : true,
  );
  expect(children.filter(alive)).toEqual([]);
  return children;
}

describe('a parent killed with SIGKILL leaves no child', () => {
  requires(needsTwoCpus()).it(
    'config run 3: no host instance is left',
    async () => {
      const out = tempDir();
      try {
        const children = await killLeavesNoChild(['config', 'run', '3', '--out', out.dir, '--', ...LONG_CPU], {
          ready: /instance b: /,
          count: 2,
          // The instances: this mintbench's CLI with the run's --out.
          isChild: (proc) => proc.argv.includes(cliPath) && proc.argv.includes(out.dir),
          startMs: 60_000,
        });
        expect(children.map((proc) => proc.argv[proc.argv.indexOf('--instance') + 1]).sort()).toEqual(['a', 'b']);
      } finally {
        out.cleanup();
      }
    },
    120_000,
  );

  it('campaign: the run under way is not left', async () => {
    const out = tempDir();
    try {
      const arm = (label: string): string[] => ['--arm', `${label}=${LONG_CPU.join(' ')}`];
      await killLeavesNoChild(['campaign', ...arm('A'), ...arm('B'), '--rounds', '1', '--out', out.dir], {
        // Past the arms' checks: the first real run has started.
        ready: /round 1\/1, run 1\/2: [AB] \.\.\./,
        count: 1,
        isChild: (proc) => proc.argv.includes(cliPath) && proc.argv.includes('cpu'),
        startMs: 60_000,
      });
    } finally {
      out.cleanup();
    }
  }, 120_000);
});

describeGuests('a launcher of guests killed with SIGKILL', () => {
  beforeAll(async () => {
    const build = await runCliAsync(['guest', 'build'], {}, 900_000);
    expect(build.status, build.stderr).toBe(0);
  }, 900_000);

  it('config run 4: no QEMU process is left', async () => {
    const out = tempDir();
    let runDir: string | undefined;
    try {
      const [qemu] = await killLeavesNoChild(['config', 'run', '4', '--out', out.dir, ...TCG, '--', ...LONG_CPU], {
        ready: /guest a: booting/,
        count: 1,
        // QEMU, its console log in this run's --out.
        isChild: (proc) => path.basename(proc.argv[0] ?? '') === 'qemu-system-x86_64' && proc.argv.some((word) => word.includes(out.dir)),
        startMs: 120_000,
      });
      // The launcher's private directory (QMP socket, job), which its SIGKILL left behind.
      runDir = qemu?.argv.find((word) => word.startsWith('unix:'))?.replace(/^unix:(.*)\/qmp-a\.sock,.*$/, '$1');
    } finally {
      out.cleanup();
      if (runDir?.includes('mintbench-launch-')) rmSync(runDir, { recursive: true, force: true });
    }
  }, 300_000);
});
