// Reaching a campaign's hosts with the system's OpenSSH client: BatchMode (never a prompt), one
// multiplexed master per host for the whole campaign (ControlMaster/ControlPersist, its socket in a
// private directory), the user's ~/.ssh/config and known_hosts as they are (or one -F file), and host
// key checking as the user has it: never switched off here.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';

import { expected } from '../base/errors.js';

/** Where and how to reach one host: `[user@]host[:port]`, or an inventory host's variables. */
export interface SshTarget {
  /** What the arm named: the inventory name, or the `user@host[:port]` text. */
  name: string;
  host: string;
  user?: string;
  port?: number;
  identityFile?: string;
}

/** What every ssh call of a campaign shares. */
export interface SshSession {
  /** The private (0700) directory of the master sockets. */
  controlDir: string;
  /** An ssh_config file given with -F instead of ~/.ssh/config (--ssh-config). */
  configFile?: string;
}

/** A host name, an IPv4 address or an ssh_config alias: nothing ssh could read as an option. */
const HOST_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}$/;
const USER_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/;

/** `[user@]host[:port]` as a target (IPv6 literals are not taken: name them in ~/.ssh/config). */
export function parseSshTarget(text: string): SshTarget {
  const match = /^(?:([^@]+)@)?([^@:]+)(?::(\d{1,5}))?$/.exec(text);
  const [, user, host, port] = match ?? [];
  const portNumber = port === undefined ? undefined : Number(port);
  if (
    host === undefined ||
    !HOST_PATTERN.test(host) ||
    (user !== undefined && !USER_PATTERN.test(user)) ||
    (portNumber !== undefined && (portNumber < 1 || portNumber > 65_535))
  ) {
    throw expected('a host as [user@]host[:port] (letters, digits, ., _ and -)', 'arm', text);
  }
  return { name: text, host, ...(user === undefined ? {} : { user }), ...(portNumber === undefined ? {} : { port: portNumber }) };
}

/** `word` for a POSIX shell: as it is when it is safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Seconds to wait for a connection: an unreachable host fails the check, not the campaign hours later. */
const CONNECT_TIMEOUT_SECONDS = 15;
/** Keep-alives over the encrypted channel: this many unanswered, this far apart, and ssh gives up ("Timeout, server not responding"). */
const SERVER_ALIVE_SECONDS = 15;
const SERVER_ALIVE_COUNT = 4;
/** A master with no session for this long exits by itself, so a controller that dies leaves none behind for long. */
const CONTROL_PERSIST_SECONDS = 120;

/** ssh's arguments to run `script` with sh on `target` through the campaign's master. */
export function sshArgs(session: SshSession, target: SshTarget, script: string): string[] {
  return [
    ...(session.configFile === undefined ? [] : ['-F', session.configFile]),
    '-o',
    'BatchMode=yes',
    '-o',
    `ConnectTimeout=${CONNECT_TIMEOUT_SECONDS}`,
    // A host that stops answering (network down, powered off) ends the session in about a minute, not at TCP's timeout hours later.
    '-o',
    `ServerAliveInterval=${SERVER_ALIVE_SECONDS}`,
    '-o',
    `ServerAliveCountMax=${SERVER_ALIVE_COUNT}`,
    '-o',
    'ControlMaster=auto',
    '-o',
    `ControlPath=${session.controlDir}/%C`,
    '-o',
    `ControlPersist=${CONTROL_PERSIST_SECONDS}`,
    ...(target.user === undefined ? [] : ['-l', target.user]),
    ...(target.port === undefined ? [] : ['-p', String(target.port)]),
    ...(target.identityFile === undefined ? [] : ['-i', target.identityFile]),
    target.host,
    // The login shell there may be any: sh reads the script.
    `exec sh -c ${shellQuote(script)}`,
  ];
}

export interface SshOutcome {
  /** ssh's exit code: the remote command's, or 255 when ssh itself failed. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** ssh exits 255 when it, not the remote command, failed. */
export const SSH_FAILED = 255;

/** Runs `script` on `target` and collects its output; stderr too, and with 'tee' also passes it on to this process's stderr. */
export function runSsh(
  session: SshSession,
  target: SshTarget,
  script: string,
  options: { stderr?: 'pipe' | 'tee'; signal?: AbortSignal } = {},
): Promise<SshOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', sshArgs(session, target, script), { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      if (options.stderr === 'tee') {
        process.stderr.write(chunk);
        // Passed on as it comes: only the last lines (ssh's reason) are needed here.
        if (stderr.length > 16) stderr.shift();
      }
    });
    const stop = (): void => {
      child.kill('SIGTERM');
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', stop);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      options.signal?.removeEventListener('abort', stop);
      resolve({ exitCode, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

/** The last line ssh (or the command) wrote on stderr: its own reason, e.g. "ssh: connect to host ... Connection refused". */
export function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.at(-1) ?? 'no message';
}

/** Ends the host's master connection (if there is one). */
export async function closeMaster(session: SshSession, target: SshTarget): Promise<void> {
  const args = sshArgs(session, target, 'true');
  await new Promise<void>((resolve) => {
    // -O exit takes the destination but no command.
    const child = spawn('ssh', ['-O', 'exit', ...args.slice(0, -1)], { stdio: 'ignore' });
    child.on('error', () => {
      resolve();
    });
    child.on('close', () => {
      resolve();
    });
  });
}

/** What identifies a host, read there: the machine-id is kept only as its hash. */
export interface HostIdentity {
  hostname: string;
  machineIdSha256: string;
  bootId: string;
}

/** A shell script that prints the identity's three lines (see parseIdentity). */
export const IDENTITY_SCRIPT = 'hostname && cat /etc/machine-id && cat /proc/sys/kernel/random/boot_id';

/** The identity from IDENTITY_SCRIPT's first three lines; undefined when they are not all there. */
export function parseIdentity(lines: readonly string[]): HostIdentity | undefined {
  const [hostname, machineId, bootId] = lines.map((line) => line.trim());
  if (!hostname || !machineId || !bootId) return undefined;
  return { hostname, machineIdSha256: createHash('sha256').update(machineId).digest('hex'), bootId };
}
