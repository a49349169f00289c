// Booting the guest kit under QEMU: the command line, the job the guest's init runs, and a running
// QEMU with its QMP socket. The guest sees the host's root read-only over 9p (its node and
// mintbench), its own disk on virtio-blk (read-only, cache=none, an I/O thread), a virtio-serial
// port to its launcher's barrier, a writable 9p share for its result, and a serial console logged
// to a file. It starts paused (-S), so its threads can be pinned before it runs.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { diesWithParent } from '../base/die-with-parent.js';
import type { Kit } from './kit.js';
import { Qmp } from './qmp.js';

export const QEMU_BINARY = 'qemu-system-x86_64';
/** The virtio-serial port's name; the guest's init links it as /dev/virtio-ports/<name>. */
export const SYNC_PORT_NAME = 'mintbench.sync';
/** Where the guest's init mounts the results share (guest-image/init). */
export const GUEST_RESULTS_DIR = '/run/mintbench/results';
/** The guest's disk, as the guest sees it: the first virtio-blk device. */
export const GUEST_DISK = '/dev/vda';
/** How long QEMU gets to start and open its sockets. */
const STARTUP_TIMEOUT_MS = 30_000;

export type Accelerator = 'kvm' | 'tcg';

/** With KVM the host's CPU, non-migratable so that the invariant TSC reaches the guest; under TCG the most QEMU emulates. */
export function cpuModel(accel: Accelerator): string {
  return accel === 'kvm' ? 'host,migratable=no' : 'max';
}

export interface QemuSpec {
  /** 'a' or 'b': names the sockets and the job. */
  name: string;
  kit: Kit;
  accel: Accelerator;
  memoryBytes: number;
  /** The image or device the guest reads as /dev/vda; attached read-only. */
  disk: string;
  aio: 'native' | 'io_uring';
  /** The serial console's log file. */
  consoleLog: string;
  /** Host directory shared writable as the guest's results directory. */
  resultsDir: string;
  /** A private directory for the job share and the sockets. */
  runDir: string;
}

export function socketPaths(spec: Pick<QemuSpec, 'name' | 'runDir'>): { qmp: string; sync: string; jobDir: string } {
  return {
    qmp: path.join(spec.runDir, `qmp-${spec.name}.sock`),
    sync: path.join(spec.runDir, `sync-${spec.name}.sock`),
    jobDir: path.join(spec.runDir, `job-${spec.name}`),
  };
}

/** QEMU's command line for `spec`, without the binary. */
export function qemuArgs(spec: QemuSpec): string[] {
  const { qmp, sync, jobDir } = socketPaths(spec);
  const share = (dir: string, tag: string, readonly: boolean): string =>
    `local,path=${dir},mount_tag=${tag},security_model=none,multidevs=remap${readonly ? ',readonly=on' : ''}`;
  return [
    ['-name', `mintbench-${spec.name}`],
    ['-nodefaults', '-no-user-config', '-vga', 'none', '-display', 'none', '-no-reboot'],
    ['-accel', spec.accel, '-cpu', cpuModel(spec.accel), '-smp', '1', '-m', `${Math.round(spec.memoryBytes / 1024 ** 2)}M`],
    ['-kernel', spec.kit.kernel, '-initrd', spec.kit.initramfs, '-append', 'console=ttyS0 panic=-1 loglevel=5'],
    ['-chardev', `file,id=console,path=${spec.consoleLog}`, '-serial', 'chardev:console'],
    ['-virtfs', share('/', 'hostroot', true)],
    ['-virtfs', share(jobDir, 'job', true)],
    ['-virtfs', share(spec.resultsDir, 'results', false)],
    ['-object', 'iothread,id=iothread0'],
    ['-drive', `file=${spec.disk},if=none,id=disk0,format=raw,readonly=on,cache=none,aio=${spec.aio}`],
    ['-device', 'virtio-blk-pci,drive=disk0,iothread=iothread0'],
    ['-device', 'virtio-serial-pci', '-chardev', `socket,id=sync,path=${sync},server=on,wait=off`],
    ['-device', `virtserialport,chardev=sync,name=${SYNC_PORT_NAME}`],
    ['-qmp', `unix:${qmp},server=on,wait=off`],
    ['-S'],
  ].flat();
}

/** A word for sh: single-quoted, with ' as '\''. */
export function shellWord(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The job the guest's init runs in the host's root: `argv` in `cwd`, with `env`. */
export function jobScript(argv: readonly string[], cwd: string, env: Readonly<Record<string, string>>): string {
  const exports = Object.entries({ PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', ...env }).map(
    ([name, value]) => `export ${name}=${shellWord(value)}`,
  );
  return [
    '# mintbench guest job, written by config run',
    ...exports,
    `cd ${shellWord(cwd)} || exit 1`,
    `exec ${argv.map(shellWord).join(' ')}`,
    '',
  ].join('\n');
}

export interface RunningQemu {
  pid: number;
  qmp: Qmp;
  /** The host's end of the guest's virtio-serial port. */
  sync: Socket;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines QEMU wrote on stderr. */
  stderr: () => string;
  kill: () => void;
}

async function connectWhenThere(file: string, timeoutMs: number): Promise<Socket> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const socket = connect(file);
        socket.once('connect', () => {
          socket.removeAllListeners('error');
          resolve(socket);
        });
        socket.once('error', reject);
      });
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`QEMU's socket ${file} did not answer (${(error as Error).message})`);
      await sleep(50);
    }
  }
}

/** Writes the job, starts QEMU paused, and connects to its QMP socket and the guest's serial port. */
export async function startQemu(spec: QemuSpec, job: string): Promise<RunningQemu> {
  const { qmp: qmpPath, sync: syncPath, jobDir } = socketPaths(spec);
  mkdirSync(jobDir, { recursive: true });
  writeFileSync(path.join(jobDir, 'job.sh'), job);
  const tied = diesWithParent(QEMU_BINARY, qemuArgs(spec));
  const child = spawn(tied.program, tied.args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code, signal });
    });
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error(`${QEMU_BINARY} is not installed (Debian: apt-get install qemu-system-x86)`) : error);
    });
  });
  await spawned;
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  try {
    const early = exited.then(({ code }) => {
      throw new Error(`QEMU exited with status ${code ?? 'none'} as it started: ${stderr.trim().split('\n').pop() ?? ''}`);
    });
    const qmp = await Promise.race([Qmp.connect(qmpPath, STARTUP_TIMEOUT_MS), early]);
    const sync = await Promise.race([connectWhenThere(syncPath, STARTUP_TIMEOUT_MS), early]);
    early.catch(() => undefined);
    return { pid: child.pid ?? 0, qmp, sync, exited, stderr: () => stderr.trim(), kill };
  } catch (error) {
    kill();
    throw error;
  }
}
