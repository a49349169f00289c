// The pieces of a guest, without booting one: the kernel modules in load order, the kit's key, the
// QEMU command line, the job the guest's init runs and what its console log says of the job's end.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { guestJobEnd, lastLines } from '../ts/guest/console.js';
import { isStaticElf, kitKey, type Kit } from '../ts/guest/kit.js';
import { builtinModules, loadOrder, moduleDepends, moduleName } from '../ts/guest/modules.js';
import { cpuModel, jobScript, qemuArgs, shellWord, type QemuSpec } from '../ts/guest/qemu.js';
import { tempDir } from './helpers/files.js';

const temp = tempDir();
afterAll(temp.cleanup);

describe('kernel modules', () => {
  it('reads the dependencies from the .modinfo strings', () => {
    const bytes = Buffer.from('\0license=GPL\0depends=9pnet,fscache,netfs\0name=9p\0vermagic=6.1\0', 'latin1');
    expect(moduleDepends(bytes)).toEqual(['9pnet', 'fscache', 'netfs']);
    expect(moduleDepends(Buffer.from('\0depends=\0name=virtio_ring\0'))).toEqual([]);
    expect(moduleDepends(Buffer.from('\0name=x\0'))).toEqual([]);
    expect(moduleName('/lib/modules/k/kernel/fs/9p/9p-extra.ko')).toBe('9p_extra');
  });

  it('loads dependencies first, each once, and leaves out the built-in ones', () => {
    const depends: Record<string, string[]> = {
      '9p': ['9pnet', 'fscache', 'netfs'],
      '9pnet': [],
      fscache: ['netfs'],
      netfs: [],
      virtio_blk: ['virtio', 'virtio_ring'],
      virtio: [],
      virtio_ring: [],
    };
    const files = new Map(Object.keys(depends).map((name) => [name, `/m/${name}.ko`]));
    const order = loadOrder(
      ['virtio_blk', '9p'],
      files,
      builtinModules('kernel/drivers/virtio/virtio.ko\n'),
      (file) => depends[moduleName(file)] ?? [],
    );
    expect(order.map(([name]) => name)).toEqual(['virtio_ring', 'virtio_blk', '9pnet', 'netfs', 'fscache', '9p']);
    expect(() => loadOrder(['9p'], new Map([['9p', '/m/9p.ko']]), new Set(), () => ['netfs'])).toThrow(
      'the kernel package has no module netfs (needed by 9p) and does not build it in',
    );
  });
});

describe('the guest kit', () => {
  it('gets another key when the kernel package, the init or mintbench changes', () => {
    const kernel = { name: 'linux-image-6.1.0-56-amd64', version: '6.1.192-2' };
    const key = kitKey(kernel, 'init', '0.1.0');
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(kitKey(kernel, 'init', '0.1.0')).toBe(key);
    expect(kitKey({ ...kernel, version: '6.1.193-1' }, 'init', '0.1.0')).not.toBe(key);
    expect(kitKey(kernel, 'init 2', '0.1.0')).not.toBe(key);
    expect(kitKey(kernel, 'init', '0.2.0')).not.toBe(key);
  });

  it('tells a static executable from a dynamically linked one', () => {
    expect(isStaticElf(readFileSync(process.execPath))).toBe(false);
    expect(isStaticElf(Buffer.from('#!/bin/sh\n'))).toBe(false);
    if (existsSync('/bin/busybox') && execFileSync('file', ['-L', '/bin/busybox'], { encoding: 'utf8' }).includes('statically linked')) {
      expect(isStaticElf(readFileSync('/bin/busybox'))).toBe(true);
    }
  });
});

describe('the QEMU command line', () => {
  const kit = { kernel: '/k/vmlinuz', initramfs: '/k/initramfs.img' } as Kit;
  const spec: QemuSpec = {
    name: 'b',
    kit,
    accel: 'kvm',
    memoryBytes: 512 * 1024 ** 2,
    disk: '/disks/b.img',
    aio: 'native',
    consoleLog: '/r/console.log',
    resultsDir: '/r',
    runDir: '/run/x',
  };
  const args = qemuArgs(spec);
  const after = (flag: string): string[] => args.flatMap((arg, i) => (arg === flag ? [args[i + 1] ?? ''] : []));

  it('asks KVM for the host CPU, non-migratable so the invariant TSC reaches the guest; TCG for the most it emulates', () => {
    expect(after('-accel')).toEqual(['kvm']);
    expect(after('-cpu')).toEqual(['host,migratable=no']);
    expect(cpuModel('tcg')).toBe('max');
    expect(after('-smp')).toEqual(['1']);
    expect(after('-m')).toEqual(['512M']);
  });

  it('starts paused with a QMP socket, the disk read-only with cache=none, native aio and an I/O thread', () => {
    expect(args).toContain('-S');
    expect(after('-qmp')).toEqual(['unix:/run/x/qmp-b.sock,server=on,wait=off']);
    expect(after('-drive')).toEqual(['file=/disks/b.img,if=none,id=disk0,format=raw,readonly=on,cache=none,aio=native']);
    expect(after('-object')).toEqual(['iothread,id=iothread0']);
    expect(after('-device')).toContain('virtio-blk-pci,drive=disk0,iothread=iothread0');
    expect(after('-device')).toContain('virtserialport,chardev=sync,name=mintbench.sync');
  });

  it("shares the host's root and the job read-only and only the results directory writable", () => {
    expect(after('-virtfs')).toEqual([
      'local,path=/,mount_tag=hostroot,security_model=none,multidevs=remap,readonly=on',
      'local,path=/run/x/job-b,mount_tag=job,security_model=none,multidevs=remap,readonly=on',
      'local,path=/r,mount_tag=results,security_model=none,multidevs=remap',
    ]);
    expect(after('-chardev')).toContain('file,id=console,path=/r/console.log');
  });

  it('writes a job the shell runs word for word, in its directory', () => {
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    const dir = path.join(temp.dir, "x y's");
    mkdirSync(dir);
    const job = jobScript(['/usr/bin/node', `${dir}/cli.js`, 'suite', "--note=it's"], dir, { MINTBENCH_ADDON: '/a.node' });
    expect(job).toMatch(/^export MINTBENCH_ADDON='\/a\.node'$/m);
    const printed = execFileSync('sh', ['-c', job.replace(/^exec /m, 'pwd; printf "%s\\n" ')], { encoding: 'utf8', cwd: '/' });
    expect(printed).toBe(`${dir}\n/usr/bin/node\n${dir}/cli.js\nsuite\n--note=it's\n`);
  });
});

describe("the job's end, from the guest's console log", () => {
  const boot = '[    0.76] acpi PNP0A03:00: fail to add MMCONFIG information\r\n';

  it("reads the job's own status and its last lines, without the CRs, blank lines and kernel messages", () => {
    const text = `${boot}mintbench-guest: running the job\r\none\r\n\r\ntwo\r\n[    2.10] random: crng init done\r\nthree\r\nfour\r\nmintbench-guest: the job exited with status 3\r\n[    2.65] reboot: Power down\r\n`;
    expect(guestJobEnd(text)).toEqual({ status: 3, lastLines: ['two', 'three', 'four'] });
    expect(guestJobEnd(text, 1)).toEqual({ status: 3, lastLines: ['four'] });
  });

  it('says no status when the guest ended before its job did, and gives the console’s last lines instead', () => {
    expect(guestJobEnd(`${boot}mintbench-guest: running the job\r\nhalf a line`)).toEqual({
      status: undefined,
      lastLines: ['half a line'],
    });
    const failedInit = `${boot}mintbench-guest: FAILED: cannot mount the overlay\r\n[    1.20] reboot: Power down\r\n`;
    expect(guestJobEnd(failedInit, 2)).toEqual({
      status: undefined,
      lastLines: ['mintbench-guest: FAILED: cannot mount the overlay', '[    1.20] reboot: Power down'],
    });
    expect(guestJobEnd('')).toEqual({ status: undefined, lastLines: [] });
  });

  it('cuts a very long line, so that the launcher’s message stays readable', () => {
    const [line] = lastLines(['x'.repeat(5000)], 1);
    expect(line).toBe(`${'x'.repeat(300)}…`);
  });
});
