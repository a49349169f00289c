// What config run launches, decided before anything starts: each configuration's instances, cores
// and disks, the command each runs, the accelerator and the emulation check's verdict. Pure.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { chooseAccel, emulationWarning, kvmState, markEmulation, speedCheck } from '../ts/launch/accel.js';
import { checkCommand, instanceCommand } from '../ts/launch/command.js';
import { coresNeeded, disksNeeded, layout } from '../ts/launch/layout.js';
import type { RecordLaunch } from '../ts/results/schema.js';
import { tempDir } from './helpers/files.js';

const temp = tempDir();
afterAll(temp.cleanup);

describe("the seven configurations' layout on a stock Linux host", () => {
  it('runs one unpinned process in 1, a pinned one in 2, two pinned to their own cores and disks in 3', () => {
    expect(layout(1, [4, 5])).toMatchObject([{ name: 'a', instance: undefined, kind: 'process', cpus: [], disk: 0, emulates: null }]);
    expect(layout(2, [4, 5])).toMatchObject([{ kind: 'process', cpus: [4], disk: 0, node: 'node0' }]);
    expect(layout(2, [4, 5])[0]?.emulates).toBe(
      'Mint node0, emulated on a stock Linux host: the process pinned to CPU 4, reading disk A of its own',
    );
    expect(layout(3, [4, 5])).toMatchObject([
      { instance: 'a', kind: 'process', cpus: [4], disk: 0, node: 'node0' },
      { instance: 'b', kind: 'process', cpus: [5], disk: 1, node: 'node1' },
    ]);
  });

  it('boots one guest on one core in 4 and 5, one per core and disk in 6, two sharing both cores and one disk in 7', () => {
    expect(layout(4, [4, 5])).toMatchObject([{ kind: 'guest', cpus: [4], disk: 0 }]);
    expect(layout(5, [4, 5])).toMatchObject([{ kind: 'guest', cpus: [4], disk: 0 }]);
    expect(layout(5, [4, 5])[0]?.emulates).toMatch(/^KVM on Mint node0, emulated/);
    expect(layout(6, [4, 5])).toMatchObject([
      { instance: 'a', kind: 'guest', cpus: [4], disk: 0 },
      { instance: 'b', kind: 'guest', cpus: [5], disk: 1 },
    ]);
    expect(layout(7, [4, 5])).toMatchObject([
      { instance: 'a', kind: 'guest', cpus: [4, 5], disk: 0 },
      { instance: 'b', kind: 'guest', cpus: [4, 5], disk: 0 },
    ]);
    expect([1, 2, 3, 4, 5, 6, 7].map(coresNeeded)).toEqual([1, 1, 2, 1, 1, 2, 2]);
    expect([1, 2, 3, 4, 5, 6, 7].map(disksNeeded)).toEqual([1, 1, 2, 1, 1, 2, 1]);
  });
});

describe('the command an instance runs', () => {
  it('is a run command, suite by default, without the options the launcher sets', () => {
    expect(checkCommand([])).toEqual(['suite']);
    expect(checkCommand(['cpu', '--iterations', '5'])).toEqual(['cpu', '--iterations', '5']);
    expect(() => checkCommand(['info'])).toThrow(
      'Expected a mintbench run command (suite, cpu, mem, io, mix) for COMMAND but received "info"',
    );
    expect(() => checkCommand(['io', '--device=/dev/sda'])).toThrow(/for COMMAND but received "--device=\/dev\/sda"/);
    expect(() => checkCommand(['cpu', '--out', 'x'])).toThrow(/config run sets them\) for COMMAND but received "--out"/);
  });

  it('gets the configuration, instance, disk (only if it reads), core, node and barrier', () => {
    const options = {
      config: 3,
      instance: 'b',
      device: '/d',
      cpu: 1,
      node: 'node1',
      sync: '127.0.0.1:9',
      syncTimeoutSeconds: 60,
      out: '/r',
    };
    expect(instanceCommand(['suite', '--reps', '2'], options)).toEqual(
      'suite --reps 2 --config 3 --instance b --device /d --cpu 1 --node node1 --sync 127.0.0.1:9 --sync-timeout 60 --out /r --quiet'.split(
        ' ',
      ),
    );
    expect(instanceCommand(['cpu'], { ...options, instance: undefined, cpu: undefined, node: undefined })).toEqual(
      'cpu --config 3 --sync 127.0.0.1:9 --sync-timeout 60 --out /r --quiet'.split(' '),
    );
  });
});

describe('the accelerator', () => {
  const cpuinfo = (flags: string): string => {
    const file = path.join(temp.dir, `cpuinfo-${flags.replace(/\W/g, '')}`);
    writeFileSync(file, `processor\t: 0\nflags\t\t: fpu ${flags} sse2\n`);
    return file;
  };
  const device = (): string => {
    const file = path.join(temp.dir, 'kvm');
    writeFileSync(file, '');
    return file;
  };

  it('is KVM only where /dev/kvm opens and the CPU shows vmx or svm', () => {
    const missing = kvmState(path.join(temp.dir, 'missing'), cpuinfo('vmx'));
    expect(missing.usable).toBe(false);
    expect(missing.reason).toMatch(/does not open \(ENOENT\)/);
    const noVmx = kvmState(device(), cpuinfo('tsc'));
    expect(noVmx.usable).toBe(false);
    expect(noVmx.reason).toMatch(/neither vmx nor svm/);
    expect(kvmState(device(), cpuinfo('vmx')).usable).toBe(true);
    expect(kvmState(device(), cpuinfo('svm')).usable).toBe(true);
  });

  it('falls back to TCG loudly under auto, and refuses --accel kvm without KVM', () => {
    const none = { usable: false, reason: '/dev/kvm opens, but the CPU shows neither vmx nor svm' };
    expect(chooseAccel('auto', { usable: true, reason: '' })).toEqual({ accel: 'kvm', warning: undefined });
    expect(chooseAccel('tcg', { usable: true, reason: '' })).toEqual({ accel: 'tcg', warning: undefined });
    const fallback = chooseAccel('auto', none);
    expect(fallback.accel).toBe('tcg');
    expect(fallback.warning?.message).toMatch(/^NO USABLE KVM \(.+\): the guests run under QEMU TCG, an EMULATED CPU$/);
    expect(() => chooseAccel('kvm', none)).toThrow(
      'Expected a machine where KVM works for accel but received "kvm" (/dev/kvm opens, but the CPU shows neither vmx nor svm; use --accel tcg or auto)',
    );
  });
});

describe('the emulation check', () => {
  const launch: RecordLaunch = {
    kind: 'guest',
    emulates: null,
    cpus: [0],
    disk: { path: '/d', kind: 'scratch', sizeBytes: 1 },
    pinning: [],
    log: 'x.log',
    guest: {
      accelerator: 'kvm',
      requestedAccelerator: 'kvm',
      emulated: false,
      qemu: { binary: 'qemu-system-x86_64', version: '7.2' },
      cpuModel: 'host,migratable=no',
      cpuFlags: {},
      vcpus: 1,
      memoryBytes: 1,
      kernel: 'k',
      speedCheck: null,
    },
  };

  it('trips above the threshold: a KVM guest 5000x slower is marked emulated and warned about', () => {
    const check = speedCheck(4e6, 0.001, 5, 2);
    expect(check).toEqual({ increments: 4e6, hostSeconds: 0.001, guestSeconds: 5, slowdown: 5000, threshold: 2, tripped: true });
    const marked = markEmulation(launch, 'kvm', check);
    expect(marked.launch.guest).toMatchObject({ accelerator: 'kvm', emulated: true, speedCheck: check });
    expect(marked.warning?.code).toBe('emulated');
    expect(marked.warning?.message).toMatch(
      /^KVM IS EMULATED HERE: a CPU loop ran 5000\.0× slower in the guest than on the host \(threshold 2×\)/,
    );
  });

  it('leaves a KVM guest at the host speed unmarked, and marks every TCG guest', () => {
    const fast = speedCheck(4e6, 0.001, 0.0011, 2);
    expect(fast.tripped).toBe(false);
    expect(markEmulation(launch, 'kvm', fast)).toEqual({
      launch: { ...launch, guest: { ...launch.guest!, speedCheck: fast } },
      warning: undefined,
    });
    const tcg = markEmulation(launch, 'tcg', fast);
    expect(tcg.launch.guest?.emulated).toBe(true);
    expect(tcg.warning?.message).toMatch(/^THE GUEST'S CPU IS EMULATED \(QEMU TCG, not KVM\): a CPU loop ran 1\.1× slower/);
    expect(emulationWarning('tcg', null)?.message).toMatch(/^THE GUEST'S CPU IS EMULATED \(QEMU TCG, not KVM\); every time/);
  });
});
