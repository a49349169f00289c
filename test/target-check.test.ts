import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, statSync, symlinkSync, writeFileSync, type BigIntStats } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { UsageError } from '../ts/base/errors.js';
import { loadAddon } from '../ts/measure/native.js';
import { deviceNumbers } from '../ts/env/block-device.js';
import { checkTarget, inspectTarget, systemProbe, type TargetProbe } from '../ts/measure/target.js';
import { cliPath } from './helpers/cli.js';
import { useTempTarget, writePatternFile } from './helpers/files.js';
import { needsLoopDevice, withReadOnlyLoopDevice } from './helpers/loop-device.js';
import { needsUnprivilegedUser, requires } from './helpers/requires.js';

const FILE_BYTES = 256 * 1024;
const target = useTempTarget(FILE_BYTES);

/** A results directory the user nobody may write: runs as nobody get past the --out check to the check under test. */
function nobodyResults(): string {
  chmodSync(target.dir, 0o755);
  const out = path.join(target.dir, 'nobody-results');
  mkdirSync(out, { recursive: true });
  chmodSync(out, 0o777);
  return out;
}

const unprivileged = needsUnprivilegedUser();

/** A stat result for a device or file that is not there: only what the pre-check reads. */
function fakeStats(
  kind: 'block' | 'file',
  fields: { mode?: bigint; gid?: bigint; rdev?: bigint; size?: bigint; blksize?: bigint } = {},
): BigIntStats {
  return {
    isBlockDevice: () => kind === 'block',
    isFile: () => kind === 'file',
    isDirectory: () => false,
    isCharacterDevice: () => false,
    isFIFO: () => false,
    isSocket: () => false,
    mode: fields.mode ?? 0o660n,
    gid: fields.gid ?? 6n,
    rdev: fields.rdev ?? 0x700n,
    size: fields.size ?? 0n,
    blksize: fields.blksize ?? 4096n,
  } as unknown as BigIntStats;
}

function probeWith(overrides: Partial<TargetProbe>): TargetProbe {
  return { ...systemProbe, ...overrides };
}

function openFailsWith(code: string): (target: string) => void {
  return (target) => {
    throw Object.assign(new Error(`${code}: refused, open '${target}'`), { code });
  };
}

describe('target pre-check: what the path is', () => {
  it.each([
    [
      'a missing path',
      () => path.join(target.dir, 'missing'),
      /^Expected an existing block device or regular file for device but received ".*missing" \(nothing is at that path\)$/,
    ],
    ['a path through a file', () => path.join(target.file, 'child'), /^Expected an existing block device or regular file for device/],
    ['a directory', () => target.dir, /^Expected a block device or regular file, not a directory for device but received "/],
    [
      'a character device',
      () => '/dev/null',
      /^Expected a block device or regular file, not a character device for device but received "\/dev\/null"$/,
    ],
    ['an empty path', () => '', /^Expected a path to a block device or regular file for device but received ""$/],
  ])('refuses %s', (_what, target, message) => {
    expect(() => inspectTarget(target(), true)).toThrow(message);
  });

  it('refuses a FIFO without opening it (an open would block)', () => {
    const fifo = path.join(target.dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => inspectTarget(fifo, true)).toThrow(/^Expected a block device or regular file, not a FIFO for device/);
  });

  it('refuses a socket', async () => {
    const socket = path.join(target.dir, 'socket');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect(() => inspectTarget(socket, true)).toThrow(/not a socket for device/);
    } finally {
      server.close();
    }
  });

  it('refuses a symbolic link loop, naming ELOOP', () => {
    const a = path.join(target.dir, 'loop-a');
    const b = path.join(target.dir, 'loop-b');
    symlinkSync(b, a);
    symlinkSync(a, b);
    expect(() => inspectTarget(a, true)).toThrow(
      /^Expected a path without a symbolic link loop for device but received ".*loop-a" \(ELOOP: too many levels of symbolic links\)$/,
    );
  });

  it('follows a symbolic link to a regular file', () => {
    const link = path.join(target.dir, 'link-to-target');
    symlinkSync(target.file, link);
    expect(inspectTarget(link, true)).toEqual({ kind: 'file', sizeBytes: FILE_BYTES, blockBytes: statSync(target.file).blksize });
  });
});

describe('target pre-check: sizes against the target', () => {
  it('refuses a target smaller than one read', () => {
    expect(() => checkTarget(target.file, [4096, 512 * 1024], true)).toThrow(
      /^Expected a target at least one read \(512K\) long for device but received ".*" \(it holds 262144 bytes\)$/,
    );
  });

  it.each([true, false])('refuses a size that is not a multiple of the block size (direct: %s)', (direct) => {
    const block = statSync(target.file).blksize;
    expect(() => checkTarget(target.file, [block, block + 512], direct)).toThrow(
      new RegExp(`^Expected a multiple of the block size of .* \\(${block} bytes: .*\\) for sizes but received ${block + 512}$`),
    );
  });

  it('agrees with the addon on what it may read', async () => {
    const facts = checkTarget(target.file, [4096], true);
    const result = await loadAddon().run({ repetitions: 1, reads: 1, readBytes: 4096, device: target.file, direct: true }).result;
    expect(result.target).toMatchObject({ kind: facts.kind, sizeBytes: facts.sizeBytes, blockBytes: facts.blockBytes });
  });
});

describe('target pre-check: permission denied (an injected open result: root may open anything)', () => {
  const group = (text: string) => (file: string) => (file === '/etc/group' ? text : undefined);

  it('tells a user who may not read a group-readable disk to join its group', () => {
    const probe = probeWith({
      stat: () => fakeStats('block', { mode: 0o60660n, gid: 6n }),
      openReadOnly: openFailsWith('EACCES'),
      readText: group('root:x:0:\ndisk:x:6:\n'),
    });
    expect(() => inspectTarget('/dev/sdz', true, probe)).toThrow(
      /^Expected a block device or regular file this user may read for device but received "\/dev\/sdz" \(permission denied: run as root, or add your user to the group 'disk' that may read it: sudo usermod -aG disk \$USER, then log in again\)$/,
    );
  });

  it('asks for an ACL when no group may read the target', () => {
    const probe = probeWith({ stat: () => fakeStats('file', { mode: 0o100600n }), openReadOnly: openFailsWith('EPERM') });
    expect(() => inspectTarget('/data/image.raw', true, probe)).toThrow(
      /\(permission denied: run as root, or give your user read access: sudo setfacl -m u:\$USER:r \/data\/image.raw\)$/,
    );
  });

  it('says to pass --buffered where O_DIRECT is refused, and only then', () => {
    const probe = probeWith({ stat: () => fakeStats('file', { size: 1n << 20n }), openReadOnly: openFailsWith('EINVAL') });
    expect(() => inspectTarget('/mnt/old/file', true, probe)).toThrow(/that supports O_DIRECT .*pass --buffered/);
    expect(() => inspectTarget('/mnt/old/file', false, probe)).toThrow(/^Cannot open \/mnt\/old\/file read-only: EINVAL/);
  });

  it('reports other open failures as runtime errors, not usage errors', () => {
    const probe = probeWith({ stat: () => fakeStats('block'), openReadOnly: openFailsWith('ENOMEDIUM') });
    let caught: unknown;
    try {
      inspectTarget('/dev/sr0', true, probe);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect(caught).not.toBeInstanceOf(UsageError);
  });

  requires(unprivileged).it('refuses, as an unprivileged user, a file it may not read', () => {
    const open = path.join(target.dir, 'open');
    mkdirSync(open, { mode: 0o755 });
    chmodSync(open, 0o755);
    chmodSync(target.dir, 0o755);
    const secret = path.join(open, 'secret.bin');
    writeFileSync(secret, Buffer.alloc(65536), { mode: 0o600 });
    const out = nobodyResults();
    const run = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cliPath, 'io', '--device', secret, '--out', out],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toMatch(
      /^mintbench: Expected a block device or regular file this user may read for --device but received ".*secret.bin" \(permission denied: .*setfacl/,
    );
    expect(run.status).toBe(2);
  });
});

describe('target pre-check: block devices', () => {
  it('splits device numbers as glibc does', () => {
    expect(deviceNumbers(0x700n)).toEqual({ major: 7n, minor: 0n });
    // loop300: minor 300 does not fit in 8 bits, its high bits move up.
    expect(deviceNumbers(0x10072cn)).toEqual({ major: 7n, minor: 300n });
    expect(deviceNumbers(0x10305n)).toEqual({ major: 259n, minor: 5n });
  });

  it('reads size and logical block size from sysfs, a partition from its disk', () => {
    const texts: Record<string, string> = {
      '/sys/dev/block/8:0/size': '2048\n',
      '/sys/dev/block/8:0/queue/logical_block_size': '4096\n',
      '/sys/dev/block/8:1/size': '16\n',
      '/sys/dev/block/8:1/partition': '1\n',
      '/sys/dev/block/8:1/../queue/logical_block_size': '512\n',
    };
    const device = (rdev: bigint) =>
      probeWith({ stat: () => fakeStats('block', { rdev }), openReadOnly: () => undefined, readText: (f) => texts[f] });
    expect(inspectTarget('/dev/fake', true, device(0x800n))).toEqual({ kind: 'block-device', sizeBytes: 1024 * 1024, blockBytes: 4096 });
    // A partition has no queue: its disk's (the parent directory) is used.
    expect(inspectTarget('/dev/fake1', true, device(0x801n))).toEqual({ kind: 'block-device', sizeBytes: 8192, blockBytes: 512 });
    expect(() => checkTarget('/dev/fake', [6144], true, device(0x800n))).toThrow(/multiple of the block size of \/dev\/fake \(4096 bytes/);
  });

  const loopDevice = needsLoopDevice();
  requires(loopDevice).it('agrees with BLKGETSIZE64 and BLKSSZGET on a loop device it attaches', async () => {
    const { file: backing } = writePatternFile(target.dir, 2 * 1024 * 1024, 'loop-backing.bin');
    await withReadOnlyLoopDevice(backing, async (device) => {
      const facts = checkTarget(device, [64 * 1024], true);
      const result = await loadAddon().run({ repetitions: 1, reads: 1, readBytes: 64 * 1024, device }).result;
      expect(facts).toEqual({ kind: 'block-device', sizeBytes: 2 * 1024 * 1024, blockBytes: result.target!.blockBytes });
      expect(result.target!.sizeBytes).toBe(2 * 1024 * 1024);
    });
  });

  requires(loopDevice, unprivileged).it(
    'refuses, as an unprivileged user, a loop device it may not read, naming the group that may',
    async () => {
      const { file: backing } = writePatternFile(target.dir, 2 * 1024 * 1024, 'loop-backing-nobody.bin');
      await withReadOnlyLoopDevice(backing, (device) => {
        const before = statSync(device);
        chmodSync(device, 0o640);
        chownSync(device, before.uid, 6);
        const out = nobodyResults();
        try {
          const run = spawnSync(
            'setpriv',
            ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cliPath, 'io', '--device', device, '--out', out],
            { encoding: 'utf8' },
          );
          expect(run.stderr).toMatch(
            /this user may read for --device .*permission denied: run as root, or add your user to the group '.+' that may read it: sudo usermod -aG /,
          );
          expect(run.status).toBe(2);
        } finally {
          chownSync(device, before.uid, before.gid);
          chmodSync(device, before.mode & 0o7777);
        }
      });
    },
  );
});
