// One launched instance of a configuration: a process on the host (configurations 1-3) or a QEMU
// guest (4-7), with its log, its end, and the host's view of its launch for the result.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';

import { diesWithParent } from '../base/die-with-parent.js';
import type { RecordLaunch, RecordPinning } from '../results/schema.js';
import type { Barrier, Party } from '../sync/barrier.js';
import { Channel, socketTransport } from '../sync/channel.js';
import { partyMessage } from '../sync/protocol.js';
import type { Kit } from '../guest/kit.js';
import { cpuModel, QEMU_BINARY, startQemu, type QemuSpec } from '../guest/qemu.js';
import { cpuListText, pinThread, threadCpus, threadIds } from './affinity.js';
import type { Disk } from './disks.js';
import type { InstancePlan } from './layout.js';

export interface Ending {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LaunchedInstance {
  plan: InstancePlan;
  /** 'guest a' or 'instance a': how messages name it. */
  title: string;
  /** Its output: the guest's serial console, or the process's stdout and stderr. */
  log: string;
  exited: Promise<Ending>;
  /** Whether `party` of the barrier is this instance: a guest by the serial port it came through, a process by its pid. */
  isParty(party: Party): boolean;
  kill(): void;
  /** The host's view of the launch, read now (pinning as the kernel has it). */
  launch(): RecordLaunch;
  /** What QEMU said last on stderr, if it is a guest. */
  detail(): string;
}

function diskRecord(disk: Disk): RecordLaunch['disk'] {
  return { path: disk.path, kind: disk.kind, sizeBytes: disk.sizeBytes };
}

/** A process on the host, its every thread pinned to the plan's cores (taskset before exec, so all inherit it). */
export function startProcess(plan: InstancePlan, argv: readonly string[], disk: Disk, log: string): LaunchedInstance {
  const fd = openSync(log, 'wx', 0o644);
  const command = plan.cpus.length > 0 ? ['taskset', '--cpu-list', cpuListText(plan.cpus), ...argv] : [...argv];
  const tied = diesWithParent(command[0] ?? '', command.slice(1));
  const child = spawn(tied.program, tied.args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<Ending>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code, signal });
    });
    child.on('error', () => {
      resolve({ code: null, signal: null });
    });
  });
  return {
    plan,
    title: `instance ${plan.name}`,
    log,
    exited,
    isParty: (party) => party.pid !== null && party.pid === child.pid,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    launch: () => {
      const pid = child.pid ?? 0;
      let pinning: RecordPinning[] = [];
      try {
        pinning = [{ threads: 'process', threadIds: threadIds(pid), cpus: threadCpus(pid, pid) }];
      } catch {
        // The process has gone: no pinning to read back.
      }
      return {
        kind: 'process',
        emulates: plan.emulates,
        cpus: plan.cpus,
        disk: diskRecord(disk),
        pinning,
        log: path.basename(log),
        guest: null,
      };
    },
    detail: () => '',
  };
}

export interface GuestOptions {
  kit: Kit;
  accel: 'kvm' | 'tcg';
  requestedAccel: 'auto' | 'kvm' | 'tcg';
  memoryBytes: number;
  aio: 'native' | 'io_uring';
  resultsDir: string;
  runDir: string;
}

/** CPU flags worth knowing about a vCPU: the invariant TSC, RDTSCP, and the hypervisor bit. */
const CPU_FLAGS = ['invtsc', 'rdtscp', 'hypervisor'] as const;

interface CpuEntry {
  'cpu-index': number;
  'thread-id': number;
  'qom-path': string;
}

/**
 * A QEMU guest: started paused, its vCPU, I/O and emulator threads pinned to the plan's cores (read
 * back from the kernel), its serial port attached to `barrier` as party `plan.name`, then resumed.
 */
export async function startGuest(
  plan: InstancePlan,
  job: string,
  disk: Disk,
  consoleLog: string,
  options: GuestOptions,
  barrier: Barrier,
): Promise<LaunchedInstance> {
  const spec: QemuSpec = {
    name: plan.name,
    kit: options.kit,
    accel: options.accel,
    memoryBytes: options.memoryBytes,
    disk: disk.path,
    aio: options.aio,
    consoleLog,
    resultsDir: options.resultsDir,
    runDir: options.runDir,
  };
  const qemu = await startQemu(spec, job);
  try {
    const cpus = (await qemu.qmp.execute('query-cpus-fast')) as CpuEntry[];
    const iothreads = (await qemu.qmp.execute('query-iothreads')) as { 'thread-id': number }[];
    const version = (await qemu.qmp.execute('query-version')) as { qemu: { major: number; minor: number; micro: number }; package: string };
    const cpuFlags: Record<string, boolean> = {};
    const [firstCpu] = cpus;
    if (firstCpu) {
      for (const flag of CPU_FLAGS)
        cpuFlags[flag] = (await qemu.qmp.execute('qom-get', { path: firstCpu['qom-path'], property: flag })) === true;
    }
    // Every thread gets the plan's cores: vCPUs, I/O threads and the rest (the emulator's main loop
    // and helpers; threads it starts later inherit its mask).
    const vcpuIds = cpus.map((cpu) => cpu['thread-id']);
    const iothreadIds = iothreads.map((thread) => thread['thread-id']);
    const emulatorIds = threadIds(qemu.pid).filter((tid) => !vcpuIds.includes(tid) && !iothreadIds.includes(tid));
    for (const tid of [...vcpuIds, ...iothreadIds, ...emulatorIds]) pinThread(tid, plan.cpus);
    const readBack = (threads: string, ids: number[]): RecordPinning => ({
      threads,
      threadIds: ids,
      cpus: ids.length > 0 ? threadCpus(qemu.pid, ids[0] ?? 0) : [],
    });
    const pinning = [
      ...cpus.map((cpu) => readBack(`vcpu ${cpu['cpu-index']}`, [cpu['thread-id']])),
      readBack('iothread', iothreadIds),
      readBack('emulator', emulatorIds),
    ];
    const guest = {
      accelerator: options.accel,
      requestedAccelerator: options.requestedAccel,
      qemu: { binary: QEMU_BINARY, version: `${version.qemu.major}.${version.qemu.minor}.${version.qemu.micro} (${version.package})` },
      cpuModel: cpuModel(options.accel),
      cpuFlags,
      vcpus: cpus.length,
      memoryBytes: options.memoryBytes,
      kernel: `${options.kit.kernelPackage.name} ${options.kit.kernelPackage.version}`,
    };
    barrier.attach(new Channel(socketTransport(qemu.sync), partyMessage), plan.name);
    await qemu.qmp.execute('cont');
    return {
      plan,
      title: `guest ${plan.name}`,
      log: consoleLog,
      exited: qemu.exited,
      isParty: (party) => party.name === plan.name,
      kill: qemu.kill,
      launch: () => ({
        kind: 'guest',
        emulates: plan.emulates,
        cpus: plan.cpus,
        disk: { ...diskRecord(disk), cache: 'none', aio: options.aio, iothread: true },
        pinning,
        log: path.basename(consoleLog),
        // The emulation check's verdict comes later (accel.ts markEmulation).
        guest: { ...guest, speedCheck: null, emulated: options.accel === 'tcg' },
      }),
      detail: qemu.stderr,
    };
  } catch (error) {
    qemu.kill();
    throw error;
  }
}
