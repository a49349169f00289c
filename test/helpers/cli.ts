// Running the built CLI, in a scratch working directory (see test/global-setup.ts).
import { execFile, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Fault } from './fault-syscalls.mjs';
import { root } from './files.js';

export const cliPath = path.join(root, 'dist', 'cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Where CLI runs started by tests work (see test/global-setup.ts): their default results/ lands there. */
export function cliCwd(): string {
  return process.env.MINTBENCH_TEST_CWD ?? os.tmpdir();
}

/** runCli()'s environment to make the CLI's writer fail as `fault` says (see fault-preload.mjs). */
export function faultEnv(fault: Fault): NodeJS.ProcessEnv {
  const preload = pathToFileURL(path.join(root, 'test', 'helpers', 'fault-preload.mjs')).href;
  return { NODE_OPTIONS: `--import=${preload}`, MINTBENCH_TEST_FAULT: JSON.stringify(fault) };
}

/** Runs the CLI with extra environment, behind an optional command prefix (e.g. setpriv, to run as another user). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, prefix: readonly string[] = []): CliResult {
  const [command = process.execPath, ...rest] = [...prefix, process.execPath, cliPath, ...args];
  const result = spawnSync(command, rest, {
    encoding: 'utf8',
    cwd: cliCwd(),
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** runCli() without blocking, so that several runs can share the machine's cores. */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cliPath, ...args],
      { encoding: 'utf8', cwd: cliCwd(), env: { ...process.env, ...env }, timeout: 120_000 },
      (_error, stdout, stderr) => {
        resolve({ status: child.exitCode, stdout, stderr });
      },
    );
  });
}
