import { statSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { diskFacts } from '../ts/env/disk.js';
import { bracketed, distribution, parseCpuList, sysfsSizeBytes } from '../ts/env/files.js';
import { loadFacts, OTHER_LOAD_BUSY_CPUS, parseProcStat } from '../ts/env/load.js';
import { mintNode } from '../ts/env/mint.js';
import { readDisk, readMachineFiles } from '../ts/env/read.js';
import { sha256File, useTempTarget } from './helpers/files.js';

describe('sysfs and procfs text', () => {
  it('counts CPU lists and reads selectors, sizes and os-release', () => {
    expect(parseCpuList('0-3,8,10-11\n')).toHaveLength(7);
    expect(parseCpuList('0')).toEqual([0]);
    // One parser for the pre-check and the description: a malformed range is left out, never NaN.
    expect(parseCpuList('0,1-x')).toEqual([0]);
    expect(bracketed('always [madvise] never')).toBe('madvise');
    expect(bracketed('none [mq-deadline] kyber bfq')).toBe('mq-deadline');
    expect(sysfsSizeBytes('48K')).toBe(49_152);
    expect(sysfsSizeBytes('32M')).toBe(32 * 1024 ** 2);
    expect(sysfsSizeBytes('big')).toBeNull();
    expect(distribution('NAME="Debian GNU/Linux"\nVERSION_ID="12"\n')).toBe('Debian GNU/Linux 12');
    expect(distribution('PRETTY_NAME="Ubuntu 24.04 LTS"\nNAME=Ubuntu\n')).toBe('Ubuntu 24.04 LTS');
  });

  it('measures other load as busy CPUs minus this process, against a named threshold', () => {
    const before = parseProcStat('cpu  100 0 50 1000 10 0 0 0 0 0\ncpu0 50 0 25 500 5 0 0 0 0 0\n');
    const after = parseProcStat('cpu  200 0 100 1100 10 0 0 0 0 0\n');
    expect(before).toEqual({ busy: 150, total: 1160 });
    if (!before || !after) throw new Error('unparsed');
    // 150 busy of 250 jiffies on 4 CPUs = 2.4 CPUs, of which this process used 0.4.
    const load = loadFacts(before, after, 4, 1, 0.4, '2.50 1.00 0.50 3/200 999');
    expect(load.otherBusyCpus).toBeCloseTo(2.0, 9);
    expect(load).toMatchObject({ otherLoad: true, loadAverage1m: 2.5 });
    expect(loadFacts(before, before, 4, 1, 0, null)).toMatchObject({ otherBusyCpus: 0, otherLoad: false, loadAverage1m: null });
    // Other load is flagged above the threshold, not at it: 1 CPU, 100 jiffies, this process idle.
    const otherBusy = (jiffies: number) => loadFacts({ busy: 0, total: 0 }, { busy: jiffies, total: 100 }, 1, 1, 0, null);
    expect(otherBusy(OTHER_LOAD_BUSY_CPUS * 100)).toMatchObject({ otherBusyCpus: OTHER_LOAD_BUSY_CPUS, otherLoad: false });
    expect(otherBusy(OTHER_LOAD_BUSY_CPUS * 100 + 1).otherLoad).toBe(true);
  });

  it('Mint node: a kernel-stated id first, then the user label', () => {
    expect(mintNode({ 'proc/mint/node_id': '1\n' }, 'mine')).toEqual({ node: '1', source: '/proc/mint/node_id' });
    expect(mintNode({ 'proc/cmdline': 'root=/dev/sda1 mint_node=2 quiet' }, 'mine')).toEqual({ node: '2', source: '/proc/cmdline' });
    expect(mintNode({ 'proc/cmdline': 'root=/dev/sda1 quiet' }, 'node0')).toEqual({ node: 'node0', source: 'label' });
    expect(mintNode({}, undefined)).toEqual({ node: null, source: 'none' });
  });

  it('disk facts from a queue directory', () => {
    const facts = diskFacts({
      path: '/dev/sdb',
      kind: 'block-device',
      sizeBytes: 1e12,
      deviceName: 'sdb',
      queue: { logical_block_size: '512\n', physical_block_size: '4096\n', rotational: '1\n', scheduler: 'none [mq-deadline] kyber bfq\n' },
      direct: true,
    });
    expect(facts).toMatchObject({
      logicalBlockBytes: 512,
      physicalBlockBytes: 4096,
      rotational: true,
      scheduler: 'mq-deadline',
      direct: true,
    });
    expect(diskFacts({ path: 'f', kind: 'file', sizeBytes: 1, deviceName: null, queue: {}, direct: false })).toMatchObject({
      rotational: null,
      scheduler: null,
      logicalBlockBytes: null,
    });
  });
});

describe('reading this machine', () => {
  const target = useTempTarget(64 * 1024);

  it('describes a file target from stat() and its device queue, leaving the file untouched', () => {
    const { file } = target;
    const before = sha256File(file);
    const mtimeMs = statSync(file).mtimeMs;
    const inputs = readDisk(file, false);
    expect(inputs).toMatchObject({ path: file, kind: 'file', sizeBytes: 64 * 1024, direct: false });
    if (inputs.deviceName !== null) expect(Number(inputs.queue.logical_block_size)).toBeGreaterThanOrEqual(512);
    expect(sha256File(file)).toBe(before);
    expect(statSync(file).mtimeMs).toBe(mtimeMs);
  });

  it('reads files under another root, as recorded trees would be', () => {
    const files = readMachineFiles(path.join(target.dir, 'no-such-root'));
    expect(files).toEqual({});
    const real = readMachineFiles();
    expect(real['proc/cpuinfo']).toMatch(/processor\s*:/);
  });
});
