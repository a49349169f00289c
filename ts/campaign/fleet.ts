// A campaign's arms on other hosts, over SSH (ssh.ts). Before round 1 every host is checked, in
// parallel: reachable, mintbench there at this version, and each of its arms' options (the contract's
// MINTBENCH_CAMPAIGN_CHECK); then each run of such an arm is a local program (ssh-arm.ts) that runs the
// arm there with the campaign's variables on the command line, fetches its record over the same
// channel, stores it here with the host's identity, and only then removes the copy there.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { UsageError } from '../base/errors.js';
import { formatBytesApprox } from '../base/units.js';
import { MINTBENCH_VERSION, packageRoot } from '../base/version.js';
import type { CampaignArm } from './campaign.js';
import { campaignVariables } from './contract.js';
import {
  closeMaster,
  IDENTITY_SCRIPT,
  lastLine,
  parseIdentity,
  runSsh,
  shellQuote,
  SSH_FAILED,
  type HostIdentity,
  type SshSession,
  type SshTarget,
} from './ssh.js';

/** How to start mintbench on a host unless its inventory says otherwise (mintbench_command). */
export const DEFAULT_MINTBENCH_COMMAND = 'npx --no-install mintbench';
/** Hosts checked at once: 100 hosts in a few rounds of SSH handshakes, without a burst of 100 connections. */
export const CHECK_CONCURRENCY = 16;
/** Room a host needs in its temporary directory: a run's record stays there until it is fetched (a suite's is well under 1 MiB). */
export const MIN_REMOTE_FREE_BYTES = 16 * 1024 ** 2;
/** The program a run of a remote arm is (see ssh-arm.ts). */
const SSH_ARM_PATH = path.join(packageRoot, 'dist', 'campaign', 'ssh-arm.js');

/** An arm that runs on another host: `LABEL@HOST=COMMAND`. */
export interface RemoteArm {
  label: string;
  target: SshTarget;
  /** The shell command that starts mintbench there, e.g. `npx --no-install mintbench` or `node /opt/mintbench/dist/cli.js`. */
  mintbenchCommand: string;
  /** The run command and its options, e.g. ['cpu', '--reps', '5']. */
  words: readonly string[];
}

/** What one run of a remote arm needs to know (passed to ssh-arm.js as JSON). */
export interface RemoteRunSpec {
  session: SshSession;
  target: SshTarget;
  mintbenchCommand: string;
  words: readonly string[];
  /** The campaign's private directory on the host, made by the check; each run writes into its own directory under it. */
  remoteDir: string;
}

/** The file in a run's directory that holds its process id there (also its process group's: sshd starts each session's command in a session of its own). */
export const REMOTE_PID_FILE = 'pid';

/**
 * The script that runs the arm there: the campaign's variables exported, its result file into
 * `runDir`, its process id in runDir/pid (mintbench_command must be a simple command: it is exec'd).
 */
export function remoteRunScript(
  spec: Pick<RemoteRunSpec, 'mintbenchCommand' | 'words'>,
  variables: Record<string, string>,
  runDir: string,
): string {
  const exports = Object.entries(variables).map(([name, value]) => `export ${name}=${shellQuote(value)}`);
  return [
    `mkdir ${shellQuote(runDir)}`,
    `echo $$ > ${shellQuote(`${runDir}/${REMOTE_PID_FILE}`)}`,
    ...exports,
    `exec ${spec.mintbenchCommand} ${spec.words.map(shellQuote).join(' ')}`,
  ].join(' && ');
}

/** The script that prints the host's identity, then the one record in `runDir` (if there is exactly one). */
export function fetchScript(runDir: string): string {
  return `${IDENTITY_SCRIPT} && set -- ${shellQuote(runDir)}/*.json && if [ $# -eq 1 ] && [ -f "$1" ]; then cat "$1"; fi`;
}

/** The local program that makes one run of a remote arm. */
export function remoteRunArgv(spec: RemoteRunSpec): string[] {
  return [process.execPath, SSH_ARM_PATH, JSON.stringify(spec)];
}

/** Runs `work` over `items`, at most `limit` at once, results in the items' order. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface HostCheck {
  target: SshTarget;
  /** Lines saying what is wrong (each names the host); empty when the host is fit. */
  failures: string[];
  identity?: HostIdentity;
  remoteDir?: string;
}

/** ssh's own reason when ssh failed, else the command's last line and exit code. */
function reason(outcome: { exitCode: number | null; signal: NodeJS.Signals | null; stderr: string }): string {
  if (outcome.exitCode === SSH_FAILED) return lastLine(outcome.stderr);
  const how = outcome.signal === null ? `exit code ${outcome.exitCode}` : `ended by ${outcome.signal}`;
  return `${lastLine(outcome.stderr)} (${how})`;
}

async function checkHost(session: SshSession, target: SshTarget, arms: readonly RemoteArm[], id: string): Promise<HostCheck> {
  const { mintbenchCommand } = arms[0] as RemoteArm;
  const probe = await runSsh(
    session,
    target,
    `${IDENTITY_SCRIPT} && ${mintbenchCommand} --version && dir=$(mktemp -d "\${TMPDIR:-/tmp}/mintbench-campaign.XXXXXXXX") && echo "$dir" && df -Pk "$dir" | awk 'NR == 2 { print $4 }'`,
  );
  const lines = probe.stdout.trim().split('\n');
  const identity = parseIdentity(lines);
  const version = lines[3]?.trim();
  const remoteDir = lines[4]?.trim();
  const freeKib = Number(lines[5]?.trim());
  if (probe.exitCode !== 0 || identity === undefined || version === undefined || remoteDir === undefined) {
    const cause =
      probe.exitCode === 0
        ? 'it did not say its hostname, machine-id, boot id, mintbench version, a temporary directory and its free space'
        : probe.exitCode === SSH_FAILED || identity === undefined
          ? reason(probe)
          : `\`${mintbenchCommand} --version\` failed there: ${reason(probe)}`;
    return { target, failures: [`${target.name}: ${cause}`] };
  }
  if (version !== MINTBENCH_VERSION) {
    await runSsh(session, target, `rm -rf ${shellQuote(remoteDir)}`);
    return {
      target,
      failures: [`${target.name}: mintbench ${version} there, ${MINTBENCH_VERSION} here (install the same version on every host)`],
    };
  }
  if (!(freeKib * 1024 >= MIN_REMOTE_FREE_BYTES)) {
    await runSsh(session, target, `rm -rf ${shellQuote(remoteDir)}`);
    const free = Number.isFinite(freeKib) ? formatBytesApprox(freeKib * 1024) : 'an unknown amount';
    return {
      target,
      failures: [
        `${target.name}: ${free} free in ${remoteDir}, a run's record needs up to ${formatBytesApprox(MIN_REMOTE_FREE_BYTES)} there until it is fetched (free some, or set TMPDIR there)`,
      ],
    };
  }
  const failures: string[] = [];
  for (const [index, arm] of arms.entries()) {
    const checkDir = `${remoteDir}/check-${index + 1}`;
    const variables = campaignVariables({ id, round: 1, position: index + 1 }, arm.label, checkDir, true);
    // In a subshell: the run script ends in exec, and the check's directory is removed after it.
    const script = `(${remoteRunScript(arm, variables, checkDir)}); status=$?; rm -rf ${shellQuote(checkDir)}; exit $status`;
    const check = await runSsh(session, target, script);
    if (check.exitCode !== 0) failures.push(`${target.name}: arm ${arm.label}: ${reason(check)}`);
  }
  return { target, failures, identity, remoteDir };
}

/** The hosts of a campaign, checked and connected; close() removes the campaign's directories there and ends the masters. */
export interface Fleet {
  /** The remote arms as campaign arms, in the order given. */
  arms: CampaignArm[];
  close(): Promise<void>;
}

/** A socket path has at most 107 bytes: the master's (%C is 40 hex digits) goes under /tmp if $TMPDIR is too long. */
function controlParent(): string {
  const dir = os.tmpdir();
  return dir.length + '/mintbench-ssh-XXXXXX/'.length + 40 < 100 ? dir : '/tmp';
}

/** The key a host is known by in a campaign: one master and one check per key. */
function targetKey(target: SshTarget): string {
  return JSON.stringify([target.user ?? null, target.host, target.port ?? null, target.identityFile ?? null]);
}

/**
 * Checks every host of `arms` (CHECK_CONCURRENCY at once) and returns them ready to run. Prints a
 * warning for hosts that share a machine-id (cloned images: they are still kept apart, by name).
 * Throws a UsageError (exit 2) after printing one line per failure; then nothing was run.
 */
export async function openFleet(arms: readonly RemoteArm[], options: { id: string; sshConfig?: string }): Promise<Fleet> {
  const session: SshSession = {
    controlDir: mkdtempSync(path.join(controlParent(), 'mintbench-ssh-')),
    ...(options.sshConfig === undefined ? {} : { configFile: path.resolve(options.sshConfig) }),
  };
  const byHost = new Map<string, RemoteArm[]>();
  for (const arm of arms) byHost.set(targetKey(arm.target), [...(byHost.get(targetKey(arm.target)) ?? []), arm]);
  const hosts = [...byHost.values()];
  const checks = await inParallel(hosts, CHECK_CONCURRENCY, (hostArms) =>
    checkHost(session, (hostArms[0] as RemoteArm).target, hostArms, options.id),
  );
  const close = async (): Promise<void> => {
    await inParallel(checks, CHECK_CONCURRENCY, async ({ target, remoteDir }) => {
      if (remoteDir !== undefined) await runSsh(session, target, `rm -rf ${shellQuote(remoteDir)}`).catch(() => undefined);
      await closeMaster(session, target);
    });
    rmSync(session.controlDir, { recursive: true, force: true });
  };
  const failures = checks.flatMap((check) => check.failures);
  if (failures.length > 0) {
    await close();
    for (const failure of failures) process.stderr.write(`${failure}\n`);
    throw new UsageError(`Expected hosts that check out but received ${failures.length} failed check(s) (see above); nothing was run`);
  }
  const byMachine = new Map<string, string[]>();
  for (const { target, identity } of checks) {
    if (identity) byMachine.set(identity.machineIdSha256, [...(byMachine.get(identity.machineIdSha256) ?? []), target.name]);
  }
  for (const names of byMachine.values()) {
    if (names.length > 1) {
      process.stderr.write(
        `warning: ${names.join(', ')} have the same /etc/machine-id (cloned images?): they are kept apart by name, but give each its own (systemd-machine-id-setup)\n`,
      );
    }
  }
  const remoteDirs = new Map(checks.map((check) => [targetKey(check.target), check.remoteDir as string]));
  return {
    arms: arms.map((arm) => ({
      label: arm.label,
      argv: remoteRunArgv({
        session,
        target: arm.target,
        mintbenchCommand: arm.mintbenchCommand,
        words: arm.words,
        remoteDir: remoteDirs.get(targetKey(arm.target)) as string,
      }),
    })),
    close,
  };
}
