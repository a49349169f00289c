// Fleet campaigns for real: arms on "hosts" that are sshd instances in network namespaces of this
// test's own (test/helpers/ssh-hosts.ts), reached with the system's OpenSSH client, each with its own
// hostname and machine-id; mintbench there is this checkout's (the same filesystem). Nothing but
// loopback and these namespaces is contacted.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MINTBENCH_VERSION } from '../ts/base/version.js';
import { readRecord } from '../ts/results/store.js';
import { EXIT_INTERRUPTED, EXIT_RUNTIME } from '../ts/commands/exit-codes.js';
import { cliCwd, cliPath, measuring, runCli, runCliAsync } from './helpers/cli.js';
import { requires } from './helpers/requires.js';
import { acceptedLogins, namespacePids, needsAnsible, needsSshHosts, startSshHosts, type SshHosts } from './helpers/ssh-hosts.js';

const TINY = 'cpu --iterations 1000 --reps 2 --warmup 0';
const MACHINE_IDS = ['0123456789abcdef0123456789abcdef', 'fedcba9876543210fedcba9876543210'];
/** The third host is a clone of the first: the same machine-id; the fourth has a TMPDIR of 1 MiB. */
const HOST_IDS = [...MACHINE_IDS, MACHINE_IDS[0] as string, 'aaaabbbbccccddddeeeeffff00001111'];
const SMALL_TMP_HOST = 3;
/** Processes in `namespace` that run this checkout's CLI (a mintbench run there). */
function mintbenchPids(namespace: string): number[] {
  return namespacePids(namespace).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(cliPath);
    } catch {
      return false; // gone meanwhile
    }
  });
}
/** The campaign directories hosts made in /tmp, and the controller's master socket directories. */
function campaignTempDirs(): string[] {
  return readdirSync(os.tmpdir()).filter((name) => name.startsWith('mintbench-campaign.') || name.startsWith('mintbench-ssh-'));
}
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const gated = requires(...needsSshHosts());
const inventoryGated = requires(...needsSshHosts(), needsAnsible());

gated.describe('campaign with arms on hosts over SSH', () => {
  let started: SshHosts | undefined;
  let scratch: string | undefined;
  let tempBeforeAll: string[] = [];
  const fleet = (): SshHosts => {
    if (started === undefined) throw new Error('the hosts did not start');
    return started;
  };

  beforeAll(async () => {
    tempBeforeAll = campaignTempDirs();
    started = await startSshHosts(HOST_IDS, { smallTmp: [SMALL_TMP_HOST] });
    scratch = mkdtempSync(path.join(os.tmpdir(), 'mintbench-fleet-out-'));
  }, 60_000);

  afterAll(() => {
    started?.cleanup();
    // What the host killed mid-campaign could not remove (the same /tmp as here).
    for (const name of campaignTempDirs().filter((dir) => !tempBeforeAll.includes(dir))) {
      rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
    }
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  const campaign = (out: string, arms: string[], extra: string[] = [], mintbenchCommand = `${process.execPath} ${cliPath}`) =>
    runCliAsync(
      [
        'campaign',
        '--ssh-config',
        fleet().sshConfig,
        '--mintbench-command',
        mintbenchCommand,
        '--out',
        out,
        ...arms.flatMap((arm) => ['--arm', arm]),
        ...extra,
      ],
      {},
      180_000,
    );

  /** A campaign under way, for tests that act while it runs: its stderr so far and its exit code. */
  const startCampaign = (out: string, arms: string[], extra: string[]) => {
    const args = ['--ssh-config', fleet().sshConfig, '--mintbench-command', `${process.execPath} ${cliPath}`, '--out', out, ...extra];
    const child = spawn(process.execPath, [cliPath, 'campaign', ...args, ...arms.flatMap((arm) => ['--arm', arm])], {
      cwd: cliCwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        resolve(code);
      }),
    );
    return { child, exited, stderr: () => stderr };
  };

  gated.it(
    'runs two arms on two hosts and one here, 2 rounds, stores every record here with its host, and compares them',
    async () => {
      const out = path.join(scratch as string, 'two-hosts');
      const [one, two] = fleet().hosts as [SshHosts['hosts'][number], SshHosts['hosts'][number]];
      const loginsBefore = [acceptedLogins(one), acceptedLogins(two)];
      const tempBefore = campaignTempDirs();
      const result = await campaign(out, [`a@${one.target}=${TINY}`, `b@${two.target}=${TINY}`, `c=${TINY}`], ['--rounds', '2']);
      // One master connection per host for the whole campaign: the check, 2 runs, 2 fetches and the clean-up went through it.
      expect([acceptedLogins(one) - loginsBefore[0]!, acceptedLogins(two) - loginsBefore[1]!]).toEqual([1, 1]);
      expect(result.stderr).toContain('6 of 6 runs completed');
      expect(result.status, result.stderr).toBe(0);
      const records = readdirSync(out)
        .filter((name) => name.endsWith('.json'))
        .map((name) => readRecord(path.join(out, name)));
      expect(records).toHaveLength(6);
      const byLabel = (label: string) => records.filter((record) => record.configuration.label === label);
      for (const [label, host] of [
        ['a', one],
        ['b', two],
      ] as const) {
        expect(byLabel(label)).toHaveLength(2);
        for (const record of byLabel(label)) {
          expect(record.host).toMatchObject({ name: host.target, hostname: host.hostname, machineIdSha256: sha256(host.machineId) });
          expect(record.host?.bootId).toMatch(/^[0-9a-f-]{36}$/);
          // The run itself saw the host's hostname.
          expect(record.machine.os.hostname).toBe(host.hostname);
        }
      }
      expect(byLabel('c')).toHaveLength(2);
      for (const record of byLabel('c')) {
        expect(record).not.toHaveProperty('host');
        expect(record.machine.os.hostname).toBe(os.hostname());
      }
      // The comparison against the first arm names every arm.
      expect(result.stdout).toMatch(/\bb\b/);
      expect(result.stdout).toMatch(/\bc\b/);
      // Nothing of this campaign is left in the hosts' temporary directories (the same /tmp as here), nor its masters' sockets.
      expect(campaignTempDirs().filter((name) => !tempBefore.includes(name))).toEqual([]);
    },
    200_000,
  );

  gated.it(
    'refuses an unreachable host before round 1: one line naming it with ssh reason, exit 2, nothing run',
    async () => {
      const out = path.join(scratch as string, 'unreachable');
      const [one] = fleet().hosts as [SshHosts['hosts'][number]];
      const tempBefore = campaignTempDirs();
      const result = await campaign(out, [`a@${one.target}=${TINY}`, `b@root@${fleet().unreachable}=${TINY}`], ['--rounds', '1']);
      // The host that checked out has its directory removed and its master ended too.
      expect(campaignTempDirs().filter((name) => !tempBefore.includes(name))).toEqual([]);
      expect(result.status).toBe(2);
      const lines = result.stderr.split('\n').filter((line) => line.includes(fleet().unreachable));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^root@${fleet().unreachable.replace(/\./g, '\\.')}: ssh: connect to host .*: Connection refused$`),
      );
      expect(result.stderr).not.toMatch(/round 1\/1/);
      expect(existsSync(out) ? readdirSync(out).filter((name) => name.endsWith('.json')) : []).toEqual([]);
    },
    120_000,
  );

  gated.it(
    'warns about two hosts with the same machine-id and keeps them apart',
    async () => {
      const out = path.join(scratch as string, 'clones');
      const [one, , clone] = fleet().hosts as [SshHosts['hosts'][number], unknown, SshHosts['hosts'][number]];
      const result = await campaign(out, [`a@${one.target}=${TINY}`, `b@${clone.target}=${TINY}`], ['--rounds', '1']);
      expect(result.status, result.stderr).toBe(0);
      const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning:') && line.includes('machine-id'));
      expect(warnings).toEqual([expect.stringContaining(`${one.target}, ${clone.target}`)]);
      const hosts = readdirSync(out)
        .filter((name) => name.endsWith('.json'))
        .map((name) => readRecord(path.join(out, name)).host);
      expect(hosts.map((host) => host?.name).sort()).toEqual([one.target, clone.target].sort());
      expect(new Set(hosts.map((host) => host?.machineIdSha256))).toEqual(new Set([sha256(one.machineId)]));
      expect(new Set(hosts.map((host) => host?.hostname))).toEqual(new Set([one.hostname, clone.hostname]));
    },
    120_000,
  );

  gated.it(
    'refuses an arm whose options do not check out there, a host whose mintbench is another version and one without room, one line each, exit 2',
    async () => {
      const out = path.join(scratch as string, 'bad-arm');
      const [one, two] = fleet().hosts as [SshHosts['hosts'][number], SshHosts['hosts'][number]];
      // A mintbench that says another version: a script of the test's own, started by a command that reaches it.
      const other = path.join(fleet().dir, 'old-mintbench');
      writeFileSync(other, '#!/bin/sh\necho 0.0.1\n', { mode: 0o755 });
      const result = await campaign(out, [`a@${one.target}=cpu --reps 0`, `b=${TINY}`]);
      expect(result.status).toBe(2);
      expect(result.stderr.split('\n').filter((line) => line.startsWith(`${one.target}: `))).toEqual([
        expect.stringMatching(new RegExp(`^${one.target.replace(/\./g, '\\.')}: arm a: .*--reps.*\\(exit code 2\\)$`)),
      ]);
      const versions = await campaign(out, [`a@${two.target}=${TINY}`, `b=${TINY}`], [], other);
      expect(versions.status).toBe(2);
      expect(versions.stderr).toContain(`${two.target}: mintbench 0.0.1 there, ${MINTBENCH_VERSION} here`);
      const small = fleet().hosts[SMALL_TMP_HOST] as SshHosts['hosts'][number];
      const full = await campaign(out, [`a@${small.target}=${TINY}`, `b=${TINY}`]);
      expect(full.status).toBe(2);
      expect(full.stderr.split('\n').filter((line) => line.startsWith(`${small.target}: `))).toEqual([
        expect.stringMatching(/: 1\.0 MiB free in .*mintbench-campaign\.\w+, a run's record needs up to 16\.0 MiB there/),
      ]);
      expect(existsSync(out) ? readdirSync(out).filter((name) => name.endsWith('.json')) : []).toEqual([]);
    },
    120_000,
  );

  gated.it(
    'stops on Ctrl-C: the remote run gets SIGTERM there, its partial record is stored here, no mintbench is left on any host',
    async () => {
      const out = path.join(scratch as string, 'interrupted');
      const [one, two] = fleet().hosts as [SshHosts['hosts'][number], SshHosts['hosts'][number]];
      const long = 'cpu --iterations 10000000 --reps 100000 --warmup 0';
      const tempBefore = campaignTempDirs();
      const started = startCampaign(out, [`a@${one.target}=${long}`, `b@${two.target}=${long}`], ['--rounds', '1']);
      const { child, exited } = started;
      // The first run is under way there once it has started (after the checks) and its process in its
      // host's namespace handles SIGTERM and is measuring (so a stop leaves completed repetitions to write).
      const running = (): boolean =>
        started.stderr().includes('round 1/1, run 1/2') &&
        [one, two].some((host) => mintbenchPids(host.namespace).some((pid) => measuring(pid, 'SIGTERM')));
      for (let waited = 0; !running() && waited < 600; waited += 1) await sleep(100);
      expect(running(), started.stderr()).toBe(true);
      child.kill('SIGINT');
      expect(await exited, started.stderr()).toBe(EXIT_INTERRUPTED);
      const deadline = performance.now() + 5000;
      while ([one, two].some((host) => mintbenchPids(host.namespace).length > 0) && performance.now() < deadline) await sleep(100);
      expect(
        [one, two].map((host) => mintbenchPids(host.namespace)),
        started.stderr(),
      ).toEqual([[], []]);
      expect(campaignTempDirs().filter((name) => !tempBefore.includes(name))).toEqual([]);
      expect(started.stderr()).toContain('stopped; every completed run is kept');
      // The stopped run's record, with what it completed, came back and was stored here.
      const records = readdirSync(out)
        .filter((name) => name.endsWith('.json'))
        .map((name) => readRecord(path.join(out, name)));
      expect(records.map((record) => [record.interrupted, record.host?.hostname !== undefined])).toEqual([[true, true]]);
    },
    120_000,
  );

  inventoryGated.it(
    'reads an Ansible inventory: a group arm is one arm per host (LABEL/HOST), with its address, user and mintbench_command',
    async () => {
      const out = path.join(scratch as string, 'inventory');
      const [one, two] = fleet().hosts as [SshHosts['hosts'][number], SshHosts['hosts'][number]];
      const inventory = path.join(fleet().dir, 'inventory.ini');
      const command = `${process.execPath} ${cliPath}`;
      writeFileSync(
        inventory,
        [
          '[lab]',
          ...[one, two].map((host) => `${host.hostname} ansible_host=${host.address} ansible_user=root mintbench_command="${command}"`),
          '',
        ].join('\n'),
      );
      // No --mintbench-command: the default (npx) would fail there, so the inventory's is what ran.
      const result = await runCliAsync(
        [
          'campaign',
          '--inventory',
          inventory,
          '--ssh-config',
          fleet().sshConfig,
          '--out',
          out,
          '--rounds',
          '1',
          '--arm',
          `g@lab=${TINY}`,
          '--arm',
          `c=${TINY}`,
        ],
        {},
        180_000,
      );
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toContain('3 of 3 runs completed');
      const records = readdirSync(out)
        .filter((name) => name.endsWith('.json'))
        .map((name) => readRecord(path.join(out, name)));
      const remote = records
        .filter((record) => record.host !== undefined)
        .map((record) => [record.configuration.label, record.host?.name, record.host?.hostname])
        .sort();
      expect(remote).toEqual([
        [`g/${one.hostname}`, one.hostname, one.hostname],
        [`g/${two.hostname}`, two.hostname, two.hostname],
      ]);
      const unknown = await runCliAsync([
        'campaign',
        '--inventory',
        inventory,
        '--out',
        out,
        '--arm',
        `a@nohost=${TINY}`,
        '--arm',
        `c=${TINY}`,
      ]);
      expect(unknown.status).toBe(2);
      expect(unknown.stderr.trim().split('\n')).toEqual([expect.stringMatching(/host or group of the inventory.*a@nohost/)]);
    },
    200_000,
  );

  // Last: it kills a host for good (the clone, which no other test needs afterwards).
  gated.it(
    'a host whose sshd dies mid-campaign: the completed runs are kept, exit 1, a line with ssh reason',
    async () => {
      const out = path.join(scratch as string, 'host-dies');
      const [, , clone] = fleet().hosts as [unknown, unknown, SshHosts['hosts'][number]];
      const started = startCampaign(out, [`a@${clone.target}=${TINY}`, `b=${TINY}`], ['--rounds', '50']);
      const { exited } = started;
      const doneOnHost = (): number => (started.stderr().match(/: a done in /g) ?? []).length;
      for (let waited = 0; doneOnHost() < 2 && waited < 1200; waited += 1) await sleep(100);
      expect(doneOnHost(), started.stderr()).toBeGreaterThanOrEqual(2);
      // The host goes away: its sshd, every session and run in its namespace.
      for (const pid of namespacePids(clone.namespace)) process.kill(pid, 'SIGKILL');
      expect(await exited, started.stderr()).toBe(EXIT_RUNTIME);
      const lost = started
        .stderr()
        .split('\n')
        .filter((line) => line.startsWith(`${clone.target}: the connection failed during round`));
      expect(lost, started.stderr()).toEqual([
        expect.stringMatching(/\(.*(Connection refused|closed|reset|Broken pipe|lost).*\); that run is lost, every completed run is kept$/),
      ]);
      expect(started.stderr()).toMatch(/the run of a in round \d+ failed \(exit code 255\); no further run started/);
      const records = readdirSync(out)
        .filter((name) => name.endsWith('.json'))
        .map((name) => readRecord(path.join(out, name)));
      // Every run said done left its record here.
      const done = (started.stderr().match(/ done in /g) ?? []).length;
      expect(records).toHaveLength(done);
      expect(records.filter((record) => record.host?.name === clone.target)).toHaveLength(doneOnHost());
    },
    180_000,
  );
});

describe('campaign --inventory without ansible-core', () => {
  it('is refused with one line saying how to install it', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'mintbench-no-path-'));
    try {
      const result = runCli(['campaign', '--inventory', 'hosts.ini', '--arm', `a@h=${TINY}`, '--arm', `b=${TINY}`], { PATH: empty });
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([
        expect.stringContaining('apt-get install ansible-core, or pip install ansible-core'),
      ]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
