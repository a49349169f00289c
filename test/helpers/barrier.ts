// `mintbench barrier` in a child process, for tests that start runs through it.
import { spawn } from 'node:child_process';

import { cliCwd, cliPath, runCliAsync, type CliResult } from './cli.js';

export interface RunningBarrier {
  port: number;
  /** Resolves when the barrier process exits. */
  exited: Promise<CliResult>;
}

/** Starts `mintbench barrier --port 0 ...args` and resolves once it says which port it listens on. */
export function startBarrier(args: string[]): Promise<RunningBarrier> {
  const child = spawn(process.execPath, [cliPath, 'barrier', '--port', '0', ...args], { cwd: cliCwd() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (status) => {
      resolve({ status, stdout, stderr });
    });
  });
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const port = /on 127\.0\.0\.1:(\d+)/.exec(stderr)?.[1];
      if (port !== undefined) resolve({ port: Number(port), exited });
    });
    void exited.then((result) => {
      reject(new Error(`the barrier exited before listening: ${result.stderr}`));
    });
  });
}

/** A short cpu run through the barrier on `port`, as `instance`, pinned to `cpu`, its result into `out`. */
export function syncedCpuRun(
  port: number,
  instance: string,
  cpu: number,
  out: string,
  extra: string[] = [],
  timeoutMs?: number,
): Promise<CliResult> {
  return runCliAsync(
    [
      'cpu',
      '--iterations',
      '1000000',
      '--reps',
      '2',
      '--sync',
      `127.0.0.1:${port}`,
      '--instance',
      instance,
      '--cpu',
      String(cpu),
      '--out',
      out,
      '--quiet',
      ...extra,
    ],
    {},
    timeoutMs,
  );
}
