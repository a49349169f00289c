// The barrier: N parties prepare, say ready, and are sent GO together; after their runs they report
// when their first region opened, and each is told the group's start skew. `mintbench barrier` serves
// it over TCP; `config run` attaches its processes and guests to one in-process.
import { randomBytes } from 'node:crypto';

import { Channel, SyncTimeoutError } from './channel.js';
import { SYNC_PROTOCOL, type BarrierMessage, type PartyMessage, type ProbeRequest, type ProbeResult, type StartSkew } from './protocol.js';
import { startSkews } from './skew.js';

type PartyChannel = Channel<PartyMessage, BarrierMessage>;

export interface Party {
  /** Position in arrival order, from 0. */
  index: number;
  /** The name the launcher gave the connection, else the party's own --instance, else its position. */
  name: string;
  instance: string | null;
  /** The party's process id, as it said (a launcher tells its processes apart by it). */
  pid: number | null;
  bootId: string | null;
  probe: ProbeResult | null;
  ready: boolean;
  goSentNs: bigint | undefined;
  report: { firstRegionNs: bigint; goReceivedNs: bigint } | undefined;
  /** Result files the party said it wrote. */
  written: string[];
  /** Why the connection closed, once it has. */
  closed: string | undefined;
  /** What the party said went wrong, if it gave up. */
  failed: string | undefined;
}

export interface BarrierOptions {
  parties: number;
  /** Ask each party to time this CPU loop before it is ready (the emulation check of guests). */
  probe?: ProbeRequest;
  /** Told about arrivals and departures, for a progress line. */
  log?: (text: string) => void;
}

/** What the launcher adds to a party's `done`: its view of that party's launch, and warnings. */
export interface PartyExtras {
  launch?: Record<string, unknown>;
  warnings?: { code: string; message: string; remedy: string }[];
}

/** A fresh group id: the start time to the second and 32 random bits. */
export function newGroupId(now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(4).toString('hex')}`;
}

/** "party a" or "parties a, b". */
function partyNames(parties: readonly Party[]): string {
  return `${parties.length === 1 ? 'party' : 'parties'} ${parties.map((party) => party.name).join(', ')}`;
}

export class Barrier {
  readonly group = newGroupId();
  readonly parties: Party[] = [];
  private readonly channels = new Map<Party, PartyChannel>();
  private phase: 'gathering' | 'running' | 'finished' | 'failed' = 'gathering';
  /** Why the group failed: every wait rejects with it. */
  private failure: Error | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: BarrierOptions) {}

  /** Takes a new connection as a party; a connection that comes when the group is complete is refused. */
  attach(channel: PartyChannel, name?: string): void {
    if (this.phase !== 'gathering' || this.parties.filter((p) => p.closed === undefined).length >= this.options.parties) {
      channel.send({ type: 'error', message: `the barrier of group ${this.group} already has its ${this.options.parties} parties` });
      channel.close();
      return;
    }
    const party: Party = {
      index: this.parties.length,
      name: name ?? String(this.parties.length),
      instance: null,
      pid: null,
      bootId: null,
      probe: null,
      ready: false,
      goSentNs: undefined,
      report: undefined,
      written: [],
      closed: undefined,
      failed: undefined,
    };
    const named = name !== undefined;
    this.parties.push(party);
    this.channels.set(party, channel);
    channel.onMessage((message) => {
      try {
        this.handle(party, message, named);
      } catch (error) {
        channel.send({ type: 'error', message: (error as Error).message });
        channel.close();
      }
      this.changed();
    });
    channel.onClose((reason) => {
      party.closed = reason;
      if (!party.ready || this.phase === 'gathering') this.options.log?.(`party ${party.name} left (${reason})`);
      this.changed();
    });
  }

  /** The parties still connected while gathering, or every party after GO. */
  private get members(): Party[] {
    return this.phase === 'gathering'
      ? this.parties.filter((party) => party.closed === undefined)
      : this.parties.filter((p) => p.goSentNs !== undefined);
  }

  /** Resolves once `parties` parties are connected and ready; rejects with SyncTimeoutError after `timeoutMs`. */
  async allReady(timeoutMs: number): Promise<Party[]> {
    await this.until(
      () => {
        const members = this.members;
        return members.length === this.options.parties && members.every((party) => party.ready);
      },
      timeoutMs,
      () => {
        const members = this.members;
        const ready = members.filter((party) => party.ready).length;
        const preparing = members.length - ready;
        const left = this.parties.length - members.length;
        const notes = [...(preparing > 0 ? [`${preparing} still preparing`] : []), ...(left > 0 ? [`${left} came and left`] : [])];
        return `${ready} of ${this.options.parties} parties were ready at the barrier (group ${this.group}) within ${timeoutMs / 1000} s${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
      },
    );
    return this.members;
  }

  /** Sends GO to every party, one write after the other, and notes when each went out. */
  go(): void {
    this.phase = 'running';
    const members = this.parties.filter((party) => party.closed === undefined && party.ready);
    for (const party of members) {
      this.channels.get(party)?.send({ type: 'go' });
      party.goSentNs = process.hrtime.bigint();
    }
  }

  /**
   * Resolves once every party that got GO has reported its start or left; after `timeoutMs`, rejects
   * with SyncTimeoutError naming the parties still silent.
   */
  async allReported(timeoutMs: number): Promise<void> {
    const silent = (): Party[] => this.members.filter((party) => party.report === undefined && party.closed === undefined);
    await this.until(
      () => silent().length === 0,
      timeoutMs,
      () => `${partyNames(silent())} got GO and reported no start within ${timeoutMs / 1000} s (group ${this.group})`,
    );
  }

  /** Computes the start skew, sends each party its `done` with what `extras` adds for it, and returns the skews. */
  finish(extras: (party: Party) => PartyExtras = () => ({})): { party: Party; start: StartSkew }[] {
    this.phase = 'finished';
    const skews = startSkews(this.members);
    for (const { party, start } of skews) {
      const extra = extras(party);
      this.channels.get(party)?.send({ type: 'done', start, launch: extra.launch ?? null, warnings: extra.warnings ?? [] });
    }
    return skews;
  }

  /**
   * The whole rendezvous: every party ready within `timeoutMs` (else each is told why, and this rejects
   * with SyncTimeoutError), then `beforeGo`, GO, every party's report, and each party's `done`.
   */
  async rendezvous(
    timeoutMs: number,
    hooks: {
      beforeGo?: (parties: Party[]) => void | Promise<void>;
      extras?: (party: Party) => PartyExtras;
      /** How long after GO every party has to report its start (default `timeoutMs`). */
      reportTimeoutMs?: number;
    } = {},
  ): Promise<{ party: Party; start: StartSkew }[]> {
    try {
      const parties = await this.allReady(timeoutMs);
      await hooks.beforeGo?.(parties);
      this.go();
      this.options.log?.('go');
      await this.allReported(hooks.reportTimeoutMs ?? timeoutMs);
    } catch (error) {
      this.fail((error as Error).message);
      throw error;
    }
    return this.finish(hooks.extras);
  }

  /**
   * Resolves once every party's connection has closed; with `timeoutMs`, rejects with SyncTimeoutError
   * naming the parties still connected after it.
   */
  async allClosed(timeoutMs?: number): Promise<void> {
    const open = (): Party[] => this.parties.filter((party) => party.closed === undefined);
    await this.until(
      () => open().length === 0,
      timeoutMs,
      () => `${partyNames(open())} still connected ${(timeoutMs ?? 0) / 1000} s after the start skew, silent (group ${this.group})`,
    );
  }

  /** Tells every connected party why the group failed, and closes their connections. */
  fail(message: string): void {
    this.phase = 'failed';
    this.failure ??= new Error(message);
    for (const [party, channel] of this.channels) {
      if (party.closed !== undefined) continue;
      channel.send({ type: 'error', message });
      channel.close();
    }
    this.changed();
  }

  private handle(party: Party, message: PartyMessage, named: boolean): void {
    switch (message.type) {
      case 'hello': {
        if (message.protocol !== SYNC_PROTOCOL) {
          throw new Error(
            `the barrier speaks protocol ${SYNC_PROTOCOL}, the party ${message.protocol}: use the same mintbench version on both sides`,
          );
        }
        party.instance = message.instance;
        party.pid = message.pid;
        party.bootId = message.bootId;
        if (!named && message.instance !== null) party.name = message.instance;
        this.options.log?.(`party ${party.name} joined`);
        this.channels.get(party)?.send({
          type: 'welcome',
          group: this.group,
          parties: this.options.parties,
          index: party.index,
          probe: this.options.probe ?? null,
        });
        return;
      }
      case 'ready':
        if (this.options.probe && message.probe === null) throw new Error('the barrier asked for a probe and the party sent none');
        party.probe = message.probe;
        party.ready = true;
        this.options.log?.(`party ${party.name} ready`);
        return;
      case 'started':
        party.report = { firstRegionNs: BigInt(message.firstRegionNs), goReceivedNs: BigInt(message.goReceivedNs) };
        return;
      case 'written':
        // The party is done: closing tells a guest's blocked read on its serial port that it can end.
        party.written.push(message.file);
        this.channels.get(party)?.close();
        return;
      case 'error':
        party.failed = message.message;
        this.options.log?.(`party ${party.name} failed: ${message.message}`);
        this.channels.get(party)?.close();
        return;
    }
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves when `done()` holds after some change; with a timeout, rejects with SyncTimeoutError(`text()`). */
  private until(done: () => boolean, timeoutMs?: number, text?: () => string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!this.failure && !done()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        if (this.failure) reject(this.failure);
        else resolve();
      };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.waiters.delete(check);
              reject(new SyncTimeoutError(text?.() ?? 'the barrier timed out'));
            }, timeoutMs);
      this.waiters.add(check);
    });
  }
}
