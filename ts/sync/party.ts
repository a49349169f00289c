// A run's side of the barrier (--sync): join, say ready after preparing, wait for GO, and after the
// run report when the first region opened and learn the group's start skew.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { expected } from '../base/errors.js';
import { Channel, deviceTransport, openDevice, socketTransport, SyncTimeoutError } from './channel.js';
import { barrierMessage, SYNC_PROTOCOL, type BarrierMessage, type PartyMessage, type ProbeResult } from './protocol.js';

/** Seconds a run waits at each step of the barrier unless --sync-timeout says otherwise. */
export const DEFAULT_SYNC_TIMEOUT_SECONDS = 60;
/** Seconds a barrier gives its parties after GO to run and report their start: half an hour, as config run's --timeout. */
export const DEFAULT_REPORT_TIMEOUT_SECONDS = 1800;
/** Between attempts to reach a barrier that is not listening yet. */
const RECONNECT_INTERVAL_MS = 100;

/** Where the barrier is: HOST:PORT over TCP, or a character device (a guest's virtio-serial port). */
export type SyncAddress = { kind: 'tcp'; host: string; port: number } | { kind: 'device'; path: string };

/** Parses --sync: `HOST:PORT` (`[v6 address]:PORT` too), or an absolute path to a character device. */
export function parseSyncAddress(text: string): SyncAddress {
  if (text.startsWith('/')) return { kind: 'device', path: text };
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (host === undefined || !(port >= 1 && port <= 65535)) {
    throw expected('HOST:PORT of a mintbench barrier (port 1-65535), or the path of a virtio-serial port', 'sync', text);
  }
  return { kind: 'tcp', host, port };
}

export function formatSyncAddress(address: SyncAddress): string {
  if (address.kind === 'device') return address.path;
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** This boot's id: runs with the same one share CLOCK_MONOTONIC. */
export function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

type Welcome = Extract<BarrierMessage, { type: 'welcome' }>;
export type Done = Extract<BarrierMessage, { type: 'done' }>;
type PartyChannel = Channel<BarrierMessage, PartyMessage>;

async function connectOnce(address: SyncAddress): Promise<PartyChannel> {
  if (address.kind === 'device') return new Channel(deviceTransport(await openDevice(address.path)), barrierMessage);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address.host, port: address.port });
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(new Channel(socketTransport(socket), barrierMessage));
    });
    socket.once('error', reject);
  });
}

export class SyncParty {
  private goReceivedNs: bigint | undefined;

  private constructor(
    readonly address: SyncAddress,
    private readonly channel: PartyChannel,
    readonly welcome: Welcome,
    private readonly timeoutMs: number,
  ) {}

  /** Reaches the barrier (trying again until the timeout: it may start after this run) and introduces itself. */
  static async join(
    address: SyncAddress,
    options: { instance?: string; timeoutSeconds: number; signal?: AbortSignal },
  ): Promise<SyncParty> {
    const timeoutMs = options.timeoutSeconds * 1000;
    const deadline = Date.now() + timeoutMs;
    const where = formatSyncAddress(address);
    let channel: PartyChannel | undefined;
    let lastError = '';
    while (!channel) {
      try {
        channel = await connectOnce(address);
      } catch (error) {
        lastError = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        if (Date.now() + RECONNECT_INTERVAL_MS > deadline) {
          throw new SyncTimeoutError(`no barrier at ${where} within ${options.timeoutSeconds} s (${lastError})`);
        }
        options.signal?.throwIfAborted();
        await sleep(RECONNECT_INTERVAL_MS);
      }
    }
    channel.send({ type: 'hello', protocol: SYNC_PROTOCOL, instance: options.instance ?? null, pid: process.pid, bootId: bootId() });
    const welcome = await expectMessage(
      channel,
      'welcome',
      Math.max(deadline - Date.now(), 1),
      `the barrier at ${where} did not answer within ${options.timeoutSeconds} s`,
      options.signal,
    );
    return new SyncParty(address, channel, welcome, timeoutMs);
  }

  get where(): string {
    return formatSyncAddress(this.address);
  }

  /** Says ready (with the probe the barrier asked for) and waits for GO. */
  async ready(probe: ProbeResult | null, signal?: AbortSignal): Promise<void> {
    this.channel.send({ type: 'ready', probe });
    await expectMessage(
      this.channel,
      'go',
      this.timeoutMs,
      `the barrier at ${this.where} (group ${this.welcome.group}) did not start the run within ${this.timeoutMs / 1000} s: a party is missing`,
      signal,
    );
    this.goReceivedNs = process.hrtime.bigint();
  }

  /**
   * Reports when the first region opened and returns the group's start as the barrier measured it,
   * or null when the barrier says nothing within the timeout (another party may still be running).
   */
  async finish(firstRegionNs: bigint | null): Promise<Done | null> {
    if (firstRegionNs === null || this.goReceivedNs === undefined) return null;
    this.channel.send({ type: 'started', firstRegionNs: String(firstRegionNs), goReceivedNs: String(this.goReceivedNs) });
    try {
      return await expectMessage(this.channel, 'done', this.timeoutMs, 'no start skew');
    } catch {
      return null;
    }
  }

  /** Tells the barrier which result file this run wrote (the guest launcher looks for it). */
  written(file: string): void {
    this.channel.send({ type: 'written', file });
  }

  /** Tells the barrier why this run gives up (so it need not wait for it), and closes. */
  abandon(message: string): void {
    this.channel.send({ type: 'error', message });
    this.channel.close();
  }

  close(): void {
    this.channel.close();
  }
}

/** The next message, which must be of `type`; the barrier's `error` becomes this run's error. */
async function expectMessage<T extends BarrierMessage['type']>(
  channel: PartyChannel,
  type: T,
  timeoutMs: number,
  timeoutText: string,
  signal?: AbortSignal,
): Promise<Extract<BarrierMessage, { type: T }>> {
  let message: BarrierMessage;
  try {
    message = await channel.receive(timeoutMs, timeoutText, signal);
  } catch (error) {
    if (error instanceof SyncTimeoutError || signal?.aborted) throw error;
    throw new Error(`the barrier closed the connection (${(error as Error).message})`);
  }
  if (message.type === 'error') throw new Error(`the barrier: ${message.message}`);
  if (message.type !== type) throw new Error(`the barrier sent ${message.type} where ${type} was due`);
  return message as Extract<BarrierMessage, { type: T }>;
}
