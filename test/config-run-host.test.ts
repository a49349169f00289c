// config run 1, 2 and 3: processes on this host. Configuration 3 runs two at the same moment, each
// pinned to its own core and reading its own disk, through one barrier; 2 is a Mint node emulated
// by pinning, and says so. That their start skew stays under 1 ms on an idle machine is measured in
// bench/latency.ts (npm run bench); here it must be recorded, one for the group.
import { afterAll, describe, expect, it } from 'vitest';

import { EXIT_RUNTIME, EXIT_USAGE } from '../ts/commands/exit-codes.js';
import { kvmState } from '../ts/launch/accel.js';
import { allowedCpus } from '../ts/measure/limits.js';
import { loadRecords } from '../ts/results/store.js';
import { runCliAsync } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { needsTwoCpus, requires } from './helpers/requires.js';

const TINY = ['--', 'suite', '--reps', '2', '--warmup', '1', '--increments', '100000', '--copies', '2', '--reads', '2', '--sizes', '256K'];

describe('config run on the host', () => {
  const out = tempDir();
  afterAll(out.cleanup);

  requires(needsTwoCpus()).it('3: two pinned processes on their own disks, started together, two results in one group', async () => {
    const run = await runCliAsync(['config', 'run', '3', '--out', out.dir, ...TINY]);
    expect(run.status, run.stderr).toBe(0);
    const records = loadRecords([out.dir])
      .records.map(({ record }) => record)
      .filter((record) => record.configuration.label === '3');
    expect(records.map((record) => record.configuration.instance).sort()).toEqual(['a', 'b']);
    const [a, b] = ['a', 'b'].map((instance) => records.find((record) => record.configuration.instance === instance)!);
    expect(a!.sync!.group).toBe(b!.sync!.group);
    expect(a!.sync).toMatchObject({ parties: 2, reported: 2, method: 'shared-clock' });
    const skew = a!.sync!.startSkewSeconds!;
    expect(b!.sync!.startSkewSeconds).toBe(skew);
    expect([a!.sync!.startOffsetSeconds, b!.sync!.startOffsetSeconds].sort()).toEqual([0, skew]);
    console.log(`config run 3: start skew ${(skew * 1e6).toFixed(1)} µs`);
    // Their own core each, every thread of it, and their own disk.
    const [coreA, coreB] = allowedCpus()!;
    expect(a!.launch).toMatchObject({ kind: 'process', cpus: [coreA], guest: null });
    expect(b!.launch).toMatchObject({ kind: 'process', cpus: [coreB], guest: null });
    expect(a!.launch!.pinning[0]).toMatchObject({ threads: 'process', cpus: [coreA] });
    expect(a!.launch!.pinning[0]!.threadIds.length).toBeGreaterThan(1);
    expect(b!.launch!.pinning[0]!.cpus).toEqual([coreB]);
    expect(a!.runs[2]!.parameters.device).not.toBe(b!.runs[2]!.parameters.device);
    expect(a!.runs[2]!.parameters.device).toBe(a!.launch!.disk.path);
    expect([a!.machine.mint.node, b!.machine.mint.node]).toEqual(['node0', 'node1']);
    expect(run.stdout).toMatch(/^configuration 3 Mint OS node0,1: group \S+\n {2}start skew .+ \(a \+.+, b \+.+; one clock\)\n/);
  });

  it('1 runs one unpinned process; 2 one pinned to a core of its own, whose result says it emulates a Mint node', async () => {
    // 2 with --per-rep: every repetition of its instance printed too.
    const [one, two] = await Promise.all([
      runCliAsync(['config', 'run', '1', '--out', out.dir, ...TINY]),
      runCliAsync(['config', 'run', '2', '--out', out.dir, '--per-rep', ...TINY]),
    ]);
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    const records = loadRecords([out.dir]).records.map(({ record }) => record);
    const vanilla = records.find((record) => record.configuration.label === '1')!;
    const node = records.find((record) => record.configuration.label === '2')!;
    expect(vanilla.configuration.instance).toBeUndefined();
    expect(vanilla.launch).toMatchObject({ kind: 'process', cpus: [], emulates: null });
    expect(vanilla.sync).toMatchObject({ parties: 1, startSkewSeconds: 0 });
    const [core] = allowedCpus()!;
    expect(node.launch).toMatchObject({ kind: 'process', cpus: [core] });
    expect(node.launch!.emulates).toBe(
      `Mint node0, emulated on a stock Linux host: the process pinned to CPU ${core}, reading disk A of its own`,
    );
    expect(node.machine.cpu.pinnedCpu).toBe(core);
    expect(two.stdout).toMatch(/result \S+-2-suite-\d+-[0-9a-f]+\.json\n/);
    // One line per series of the instance, as a run prints them; the repetitions only with --per-rep.
    const table =
      /^ {5}series +n +mean +sd +cv +95 % CI of the mean +min +max +outliers\n {5}cpu +2 .*\n {5}mem 256K +2 .*\n {5}io 256K +2 /m;
    expect(one.stdout).toMatch(table);
    expect(two.stdout).toMatch(table);
    const repetitions = (stdout: string) => stdout.split('\n').filter((line) => /^ +\d+ +\d+ +\d+\.\d{9} +\d+$/.test(line));
    expect(repetitions(one.stdout)).toHaveLength(0);
    expect(repetitions(two.stdout)).toHaveLength(3 * 2);
  });

  it('refuses what cannot run before starting anything', async () => {
    const refusals: [string[], RegExp][] = [
      [['config', 'run', '8'], /^mintbench: Expected an integer from 1 to 7 for ID but received 8\n$/],
      [['config', 'run', '3', '--', 'info'], /^mintbench: Expected a mintbench run command .+ for COMMAND but received "info"\n$/],
      [['config', 'run', '2', '--', 'io', '--device', '/dev/null'], /for COMMAND but received "--device"\n$/],
      [['config', 'run', '3', '--cores', '0,0'], /^mintbench: Expected two different cores \(a,b\) for --cores but received "0,0"\n$/],
      [
        ['config', 'run', '6', '--disks', '/nonexistent'],
        /^mintbench: Expected 2 disks \(A,B\).+ for --disks but received "\/nonexistent"\n$/,
      ],
      [['config', 'run', '1', '--disks', '/nonexistent'], /for --disks but received "\/nonexistent"/],
      [['config', 'run', '4', '--accel', 'fast'], /^mintbench: Expected one of auto, kvm, tcg for --accel but received "fast"\n$/],
    ];
    if (!kvmState().usable)
      refusals.push([
        ['config', 'run', '4', '--accel', 'kvm'],
        /^mintbench: Expected a machine where KVM works for --accel but received "kvm" \(.+; use --accel tcg or auto\)\n$/,
      ]);
    for (const [args, message] of refusals) {
      const at = args.includes('--') ? args.indexOf('--') : args.length;
      const result = await runCliAsync([...args.slice(0, at), '--out', out.dir, ...args.slice(at)]);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.status, args.join(' ')).toBe(EXIT_USAGE);
    }
  });

  it('names an instance that fails before its result with its own status and last output line, and its log', async () => {
    const dir = `${out.dir}/failing`;
    const run = await runCliAsync(['config', 'run', '1', '--out', dir, '--', 'cpu', '--reps', '0']);
    expect(run.status).toBe(EXIT_RUNTIME);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('mintbench:'))).toEqual([
      expect.stringMatching(
        /^mintbench: instance a ended \(status 2\) without a result, its last output: "mintbench: Expected an integer from 1 to \d+ for --reps but received 0"; its log: \S+\/failing\/\S+-1-a-output\.log$/,
      ),
    ]);
  });

  it('names an instance silent after GO past --timeout, kills it and exits 1', async () => {
    // A run that lasts many minutes reports its start only after it: silent, its connection open.
    const long = ['cpu', '--reps', '100000', '--iterations', '100000000', '--quiet'];
    const run = await runCliAsync(['config', 'run', '1', '--out', out.dir, '--timeout', '10', '--', ...long]);
    expect(run.status, run.stderr).toBe(EXIT_RUNTIME);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('mintbench:'))).toEqual([
      expect.stringMatching(
        /^mintbench: instance a got GO and reported no start within 10 s and was killed; its log: \S+-1-a-output\.log$/,
      ),
    ]);
  });
});
