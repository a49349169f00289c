// Guests for real, under QEMU TCG: the kit from Debian packages, then configurations 4 to 7 booted
// from it, each guest running the host's own mintbench and writing its result through a 9p share.
// One kit serves every test (the mintbench cache); each boot costs about half a minute.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { EXIT_RUNTIME } from '../ts/commands/exit-codes.js';
import { allowedCpus } from '../ts/measure/limits.js';
import { TERMINAL_COLUMNS } from '../ts/output/compare-format.js';
import { displayWidth } from '../ts/output/text-width.js';
import { loadRecords } from '../ts/results/store.js';
import type { ResultRecord } from '../ts/results/schema.js';
import { runCliAsync, type CliResult } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { describeGuests, TCG, TINY_SUITE } from './helpers/guests.js';
import { needsTwoCpus, requires } from './helpers/requires.js';

/** A boot, a tiny run and the poweroff take about 30 s alone under TCG; much longer on a loaded machine. */
const BOOT_TEST_MS = 900_000;

const configRun = (id: string, out: string, extra: string[], command: string[] = TINY_SUITE): Promise<CliResult> =>
  runCliAsync(['config', 'run', id, '--out', out, ...TCG, '--timeout', '600', ...extra, '--', ...command], {}, BOOT_TEST_MS);

function recordsOf(dir: string, label: string): ResultRecord[] {
  const { records, errors } = loadRecords([dir]);
  expect(errors).toEqual([]);
  return records.map(({ record }) => record).filter((record) => record.configuration.label === label);
}

describeGuests('guests under TCG', () => {
  const out = tempDir();
  let kitDir = '';
  afterAll(out.cleanup);

  beforeAll(async () => {
    const build = await runCliAsync(['guest', 'build'], {}, BOOT_TEST_MS);
    expect(build.status, build.stderr).toBe(0);
    kitDir = /^guest kit (?:made|up to date): (.+)$/m.exec(build.stdout)?.[1] ?? '';
  }, BOOT_TEST_MS);

  it('guest build makes the kit from Debian packages once, then finds it up to date', async () => {
    const kit = JSON.parse(readFileSync(path.join(kitDir, 'kit.json'), 'utf8')) as {
      kernelPackage: { name: string };
      kernelRelease: string;
      modules: string[];
    };
    expect(kit.kernelPackage.name).toMatch(/^linux-image-\d.+-amd64$/);
    expect(kit.modules.at(-1)).toBe('overlay');
    expect(kit.modules.indexOf('virtio_ring')).toBeLessThan(kit.modules.indexOf('virtio_blk'));
    expect(existsSync(path.join(kitDir, 'vmlinuz'))).toBe(true);
    const listing = execFileSync('sh', ['-c', `gzip -dc '${path.join(kitDir, 'initramfs.img')}' | cpio -t --quiet`], {
      encoding: 'utf8',
    }).split('\n');
    expect(listing).toEqual(expect.arrayContaining(['init', 'bin/busybox', 'modules.order', 'modules/9p.ko', 'modules/virtio_console.ko']));
    const again = await runCliAsync(['guest', 'build']);
    expect(again.stdout).toMatch(new RegExp(`^guest kit up to date: ${kitDir}\\n {2}kernel {5}${kit.kernelPackage.name} `));
  });

  it(
    'config run 4 -- suite: the guest writes its result, which says TCG and emulated, with the launch as the host saw it',
    async () => {
      const dir = path.join(out.dir, '4');
      const run = await configRun('4', dir, []);
      expect(run.status, run.stderr).toBe(0);
      const [record, ...others] = recordsOf(dir, '4');
      expect(others).toEqual([]);
      // Written inside the guest: its kernel, its CPU (TCG), its disk, its serial port to the launcher.
      const kit = JSON.parse(readFileSync(path.join(kitDir, 'kit.json'), 'utf8')) as { kernelRelease: string };
      expect(record!.machine.os.kernel).toBe(kit.kernelRelease);
      expect(record!.machine.virtualization).toMatchObject({ hypervisor: 'TCG', emulated: true });
      expect(record!.sync).toMatchObject({ barrier: '/dev/virtio-ports/mintbench.sync', parties: 1, startSkewSeconds: 0 });
      const io = record!.runs.find((entry) => entry.workload === 'io')!;
      expect(io.parameters.device).toBe('/dev/vda');
      expect(io.series[0]!.target?.kind).toBe('block-device');
      for (const series of record!.runs.flatMap((entry) => entry.series)) expect(series.repetitions.length).toBeGreaterThanOrEqual(2);
      expect(record!.runs.map((entry) => entry.series.length)).toEqual([1, 2, 2]);
      // The host's view: TCG, QEMU, the CPU model, every thread on one core, the disk's cache and aio.
      const [core] = allowedCpus()!;
      expect(record!.launch).toMatchObject({
        kind: 'guest',
        cpus: [core],
        disk: { kind: 'scratch', cache: 'none', aio: 'native', iothread: true },
        guest: { accelerator: 'tcg', requestedAccelerator: 'tcg', emulated: true, cpuModel: 'max', vcpus: 1, memoryBytes: 512 * 1024 ** 2 },
      });
      expect(record!.launch!.guest!.qemu.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(record!.launch!.pinning.map((entry) => entry.threads)).toEqual(['vcpu 0', 'iothread', 'emulator']);
      for (const entry of record!.launch!.pinning) expect(entry.cpus).toEqual([core]);
      // The emulation check ran, tripped (TCG is many times slower than the host) and marked the result.
      const check = record!.launch!.guest!.speedCheck!;
      expect(check.slowdown).toBeGreaterThan(2);
      expect(check).toMatchObject({ threshold: 2, tripped: true });
      expect(record!.warnings.map((warning) => warning.code)).toContain('emulated');
      expect(run.stderr).toMatch(/WARNING: guest a: THE GUEST'S CPU IS EMULATED \(QEMU TCG, not KVM\): a CPU loop ran [\d.]+× slower/);
      expect(run.stdout).toMatch(/guest under TCG — EMULATED CPU/);
      // The console log is kept beside the result.
      const log = path.join(dir, record!.launch!.log);
      expect(readFileSync(log, 'utf8')).toMatch(/mintbench-guest: the job exited with status 0/);
    },
    BOOT_TEST_MS,
  );

  it(
    'config run 5: the emulation check is a measurement: above the slowdown it does not trip, and TCG still marks the result',
    async () => {
      const dir = path.join(out.dir, '5');
      const run = await configRun('5', dir, ['--emulation-threshold', '1000000'], ['cpu', '--iterations', '100000', '--reps', '2']);
      expect(run.status, run.stderr).toBe(0);
      const [record] = recordsOf(dir, '5');
      expect(record!.launch!.guest!.speedCheck).toMatchObject({ threshold: 1e6, tripped: false });
      expect(record!.launch!.guest!.emulated).toBe(true);
      expect(record!.launch!.emulates).toMatch(/^KVM on Mint node0, emulated/);
      expect(record!.warnings.map((warning) => warning.code)).toContain('emulated');
    },
    BOOT_TEST_MS,
  );

  requires(needsTwoCpus()).it(
    'config run 6: two guests on their own cores and disks, one group, each with its start skew',
    async () => {
      const dir = path.join(out.dir, '6');
      const run = await configRun('6', dir, []);
      expect(run.status, run.stderr).toBe(0);
      const records = recordsOf(dir, '6');
      expect(records.map((record) => record.configuration.instance).sort()).toEqual(['a', 'b']);
      const [a, b] = ['a', 'b'].map((name) => records.find((record) => record.configuration.instance === name)!);
      expect(a!.sync!.group).toBe(b!.sync!.group);
      expect(a!.sync).toMatchObject({ parties: 2, reported: 2, method: 'send-time' });
      expect(a!.sync!.startSkewSeconds).toBe(b!.sync!.startSkewSeconds);
      expect(a!.sync!.startSkewSeconds).toBeGreaterThanOrEqual(0);
      const [coreA, coreB] = allowedCpus()!;
      expect(a!.launch!.pinning.every((entry) => entry.cpus.join() === String(coreA))).toBe(true);
      expect(b!.launch!.pinning.every((entry) => entry.cpus.join() === String(coreB))).toBe(true);
      expect(a!.launch!.disk.path).not.toBe(b!.launch!.disk.path);
      console.log(`config run 6: start skew ${(a!.sync!.startSkewSeconds! * 1e6).toFixed(1)} µs`);
    },
    BOOT_TEST_MS,
  );

  requires(needsTwoCpus()).it(
    'config run 7: two guests sharing both cores and disk A, one group, each with its start skew',
    async () => {
      const dir = path.join(out.dir, '7');
      const run = await configRun('7', dir, []);
      expect(run.status, run.stderr).toBe(0);
      const records = recordsOf(dir, '7');
      expect(records.map((record) => record.configuration.instance).sort()).toEqual(['a', 'b']);
      const [a, b] = records;
      expect(a!.sync!.group).toBe(b!.sync!.group);
      expect(a!.sync).toMatchObject({ parties: 2, reported: 2 });
      expect(typeof a!.sync!.startSkewSeconds).toBe('number');
      const both = allowedCpus()!.slice(0, 2);
      for (const record of records) for (const entry of record.launch!.pinning) expect(entry.cpus).toEqual(both);
      expect(a!.launch!.disk.path).toBe(b!.launch!.disk.path);
      console.log(`config run 7: start skew ${(a!.sync!.startSkewSeconds! * 1e6).toFixed(1)} µs`);
    },
    BOOT_TEST_MS,
  );

  requires(needsTwoCpus()).it(
    'reproduce --rounds 1: all seven configurations in one campaign under TCG, then the tables, loud about emulation',
    async () => {
      const dir = path.join(out.dir, 'reproduce');
      const run = await runCliAsync(
        ['reproduce', '--rounds', '1', '--out', dir, ...TCG, '--timeout', '600', '--', ...TINY_SUITE],
        {},
        BOOT_TEST_MS,
      );
      expect(run.status, run.stderr).toBe(0);
      const { records, errors } = loadRecords([dir]);
      expect(errors).toEqual([]);
      const runs = records.map(({ record }) => `${record.configuration.label}${record.configuration.instance ?? ''}`).sort();
      expect(runs).toEqual(['1', '2', '3a', '3b', '4', '5', '6a', '6b', '7a', '7b']);
      // One campaign, one round, seven places: every instance of a configuration shares its place.
      const places = new Map(records.map(({ record }) => [record.configuration.label, record.campaign]));
      expect(new Set(records.map(({ record }) => record.campaign?.id)).size).toBe(1);
      expect([...places.values()].map((place) => place?.position).sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(run.stdout).toMatch(/^WARNING: 4, 5, 6, 7 ran on an EMULATED CPU/m);
      const headings = run.stdout.split('\n').filter((line) => line.startsWith('== '));
      expect(headings).toEqual([
        "== 2, 4 against 1: the thesis's comparisons",
        "== 3, 5 against 2: the thesis's comparisons; concurrent instances against their solo run (interference)",
        '== 7 against 4: concurrent instances against their solo run (interference)',
        '== 6 against 5: concurrent instances against their solo run (interference)',
        "== 7 against 6: the thesis's comparisons",
      ]);
      // Interference only where the table holds the solo run: never "no solo run" (7 against 6 has neither 4 nor 5).
      expect(run.stdout).not.toMatch(/no solo run/);
      expect(run.stdout).toMatch(/^ {2,}3 a {2,}2 {2,}\d\.\d{3} \(\d\.\d\d–\d\.\d\d\) {2,}one run$/m);
      // The thesis's column beside the guest rows: about 16 % slower at I/O for 4 against 1.
      expect(run.stdout).toMatch(/^io +256K +4 .* one run {2,}≈1\.16× slower$/m);
      // Tables that fit a terminal: no line of stdout over 120 columns, the one-run verdict explained once a table.
      expect(run.stdout.split('\n').filter((line) => displayWidth(line) > TERMINAL_COLUMNS)).toEqual([]);
      expect(run.stdout.match(/^one run: a side has a single run/gm)).toHaveLength(5);
    },
    BOOT_TEST_MS,
  );

  it(
    'kills a guest that gives no result in time, and names its console log',
    async () => {
      const dir = path.join(out.dir, 'timeout');
      const run = await runCliAsync(['config', 'run', '4', '--out', dir, ...TCG, '--timeout', '3', '--', 'cpu'], {}, BOOT_TEST_MS);
      expect(run.status).toBe(EXIT_RUNTIME);
      const errors = run.stderr.split('\n').filter((line) => line.startsWith('mintbench:'));
      expect(errors).toEqual([
        expect.stringMatching(
          /^mintbench: guest a was not ready at the barrier within 3 s and was killed; its log: (\S+-4-a-console\.log)$/,
        ),
      ]);
      const log = / its log: (\S+)$/.exec(errors[0]!)![1]!;
      expect(existsSync(log)).toBe(true);
      expect(path.dirname(log)).toBe(dir);
    },
    BOOT_TEST_MS,
  );
});
