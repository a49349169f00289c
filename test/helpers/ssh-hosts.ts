// "Hosts" on this machine for fleet tests: each an sshd in a network namespace of the test's own
// (a veth pair, addresses 10.213.N.1 here and 10.213.N.2 there), with its own hostname (a UTS
// namespace) and its own /etc/machine-id (bind-mounted in a private mount namespace), the test's own
// host key, authorized key, known_hosts and an ssh_config for `ssh -F` (ssh finds ~/.ssh through
// the passwd entry, not $HOME: a test cannot point it elsewhere otherwise). Root only.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { dependency, type Need } from './requires.js';

export const SSHD = '/usr/sbin/sshd';

/** Root, sshd, ssh, ip netns and unshare: what a namespace host needs. */
export function needsSshHosts(): Need[] {
  const runs = (program: string, args: string[]): boolean => spawnSync(program, args, { stdio: 'ignore' }).status === 0;
  return [
    dependency(process.getuid?.() === 0 ? undefined : 'needs root, to make network namespaces and start sshd'),
    dependency(existsSync(SSHD) ? undefined : `${SSHD} is missing (apt-get install openssh-server)`),
    dependency(runs('ssh', ['-V']) ? undefined : 'ssh is missing (apt-get install openssh-client)'),
    dependency(runs('ip', ['netns', 'list']) ? undefined : 'ip netns does not work (apt-get install iproute2)'),
    dependency(runs('unshare', ['--version']) ? undefined : 'unshare is missing (util-linux)'),
  ];
}

/** ansible-inventory, for --inventory. */
export function needsAnsible(): Need {
  const found = spawnSync('ansible-inventory', ['--version'], { stdio: 'ignore' }).status === 0;
  return dependency(found ? undefined : 'ansible-inventory is missing (apt-get install ansible-core)');
}

function run(program: string, args: readonly string[]): string {
  const result = spawnSync(program, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')}: ${result.stderr || `exit ${result.status}`}`);
  return result.stdout;
}

/** The processes in network namespace `namespace` (ip netns pids). */
export function namespacePids(namespace: string): number[] {
  const result = spawnSync('ip', ['netns', 'pids', namespace], { encoding: 'utf8' });
  return result.stdout
    .split('\n')
    .filter((line) => /^\d+$/.test(line.trim()))
    .map(Number);
}

export interface SshHost {
  /** The hostname its sessions see. */
  hostname: string;
  /** Its address, inside its namespace. */
  address: string;
  /** `root@ADDRESS`, for an arm LABEL@HOST. */
  target: string;
  namespace: string;
  /** The machine-id its sessions see. */
  machineId: string;
  /** sshd's log (-E). */
  log: string;
  sshd?: ChildProcess;
}

/** Connections the host's sshd accepted so far (each a login; sessions over a master are not). */
export function acceptedLogins(host: SshHost): number {
  return readFileSync(host.log, 'utf8')
    .split('\n')
    .filter((line) => line.includes('Accepted publickey')).length;
}

export interface SshHosts {
  dir: string;
  /** The ssh_config for `campaign --ssh-config`: the test's key and known_hosts for every host. */
  sshConfig: string;
  hosts: SshHost[];
  /** A namespace of the test's own with no sshd: connections to it are refused. */
  unreachable: string;
  cleanup(): void;
}

async function waitForPort(namespace: string, address: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`sshd in ${namespace} exited with ${child.exitCode}`);
    const listening = spawnSync('ip', ['netns', 'exec', namespace, 'ss', '-Htln', `src ${address}:22`], { encoding: 'utf8' });
    if (listening.stdout.includes(':22')) return;
    await sleep(100);
  }
  throw new Error(`sshd in ${namespace} did not listen on ${address}:22`);
}

/**
 * Starts `machineIds.length` hosts, the i-th with machine-id `machineIds[i]` (repeat one for clones),
 * plus one namespace without sshd; the hosts whose index is in `smallTmp` have a TMPDIR with 1 MiB. cleanup() kills every sshd and removes every namespace and link.
 */
export async function startSshHosts(machineIds: readonly string[], options: { smallTmp?: readonly number[] } = {}): Promise<SshHosts> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mintbench-fleet-'));
  const tag = randomBytes(2).toString('hex');
  // A /30 per host in 10.213.0.0/16, from an octet of this run's own.
  const firstNet = 1 + (Number.parseInt(tag, 16) % 200);
  const hosts: SshHost[] = [];
  const namespaces: string[] = [];
  const cleanup = (): void => {
    for (const host of hosts) host.sshd?.kill('SIGKILL');
    for (const namespace of namespaces) {
      // Every process left in it (a session's sshd, a run), then the namespace and its veth pair.
      for (const pid of namespacePids(namespace)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      spawnSync('ip', ['netns', 'delete', namespace], { stdio: 'ignore' });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    mkdirSync('/run/sshd', { recursive: true });
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'client_key')]);
    writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_key.pub')));
    const hostKey = readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
    const knownHosts: string[] = [];
    for (let index = 0; index <= machineIds.length; index += 1) {
      const namespace = `mbfleet-${tag}-${index}`;
      const net = `10.213.${firstNet + index}`;
      const address = `${net}.2`;
      run('ip', ['netns', 'add', namespace]);
      namespaces.push(namespace);
      const outside = `mbf${tag}${index}a`;
      const inside = `mbf${tag}${index}b`;
      run('ip', ['link', 'add', outside, 'type', 'veth', 'peer', 'name', inside, 'netns', namespace]);
      run('ip', ['addr', 'add', `${net}.1/30`, 'dev', outside]);
      run('ip', ['link', 'set', outside, 'up']);
      run('ip', ['-n', namespace, 'addr', 'add', `${address}/30`, 'dev', inside]);
      run('ip', ['-n', namespace, 'link', 'set', inside, 'up']);
      run('ip', ['-n', namespace, 'link', 'set', 'lo', 'up']);
      const machineId = machineIds[index];
      if (machineId === undefined) continue; // the last namespace: no sshd
      const hostname = `mbhost${index + 1}`;
      const machineIdFile = path.join(dir, `machine-id-${index}`);
      writeFileSync(machineIdFile, `${machineId}\n`);
      // A host in smallTmp has a 1 MiB tmpfs as its TMPDIR (mounted in its own mount namespace only).
      const small = options.smallTmp?.includes(index) ?? false;
      const tmp = path.join(dir, `tmp-${index}`);
      if (small) mkdirSync(tmp);
      const config = path.join(dir, `sshd_config-${index}`);
      const log = path.join(dir, `sshd-${index}.log`);
      writeFileSync(
        config,
        [
          'Port 22',
          `ListenAddress ${address}`,
          `HostKey ${path.join(dir, 'host_key')}`,
          `PidFile ${path.join(dir, `sshd-${index}.pid`)}`,
          `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
          'StrictModes no',
          'PermitRootLogin prohibit-password',
          'PasswordAuthentication no',
          'UsePAM no',
          // The sessions need the controller's PATH (node) and nothing of the machine's sshd setup.
          `SetEnv PATH=${process.env.PATH ?? '/usr/bin:/bin'}${small ? ` TMPDIR=${tmp}` : ''}`,
          '',
        ].join('\n'),
      );
      const sshd = spawn(
        'ip',
        [
          'netns',
          'exec',
          namespace,
          'unshare',
          '--uts',
          '--mount',
          '--propagation',
          'private',
          'sh',
          '-c',
          `hostname ${hostname} && mount --bind ${machineIdFile} /etc/machine-id && ${small ? `mount -t tmpfs -o size=1m tmpfs ${tmp} && ` : ''}exec ${SSHD} -D -E ${log} -f ${config}`,
        ],
        { stdio: 'ignore' },
      );
      const host: SshHost = { hostname, address, target: `root@${address}`, namespace, machineId, sshd, log };
      hosts.push(host);
      await waitForPort(namespace, address, sshd);
      knownHosts.push(`${address} ${hostKey}`);
    }
    writeFileSync(path.join(dir, 'known_hosts'), `${knownHosts.join('\n')}\n`);
    const sshConfig = path.join(dir, 'ssh_config');
    writeFileSync(
      sshConfig,
      [
        'Host *',
        `  IdentityFile ${path.join(dir, 'client_key')}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${path.join(dir, 'known_hosts')}`,
        '  GlobalKnownHostsFile /dev/null',
        '',
      ].join('\n'),
    );
    return { dir, sshConfig, hosts, unreachable: `10.213.${firstNet + machineIds.length}.2`, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}
