// A run's synchronized start (--sync): join the barrier before any work, time the CPU loop the barrier
// may ask for, hold the first timed region until GO, and after the run turn the barrier's answer into
// the record's sync, launch and warnings.
import { basename } from 'node:path';

import { seconds } from '../base/validate.js';
import type { Warning } from '../env/index.js';
import { cpuLoopSeconds } from '../measure/probe.js';
import type { StartGate } from '../measure/run.js';
import { checkShape, launchSchema, type RecordLaunch, type RecordSync } from '../results/schema.js';
import { DEFAULT_SYNC_TIMEOUT_SECONDS, parseSyncAddress, SyncParty, type Done } from '../sync/party.js';
import type { ProbeResult } from '../sync/protocol.js';

/** A day: a barrier wait longer than that is a mistake. */
const MAX_SYNC_TIMEOUT_SECONDS = 86_400;

export interface SyncArgs {
  sync?: string;
  syncTimeout?: number;
}

/** What the barrier's answer adds to the result. */
export interface SyncOutcome {
  sync: RecordSync;
  launch: RecordLaunch | undefined;
  warnings: Warning[];
}

export class SyncedStart {
  private probe: ProbeResult | null = null;
  private firstRegionNs: bigint | null = null;

  private constructor(private readonly party: SyncParty) {}

  /**
   * Checks --sync and --sync-timeout before any work, and returns how to join the barrier as
   * `instance` (undefined without --sync). Joining comes first, so an unreachable barrier costs nothing.
   */
  static check(args: SyncArgs, instance: string | undefined): ((signal: AbortSignal) => Promise<SyncedStart>) | undefined {
    const timeoutSeconds = seconds('sync-timeout', args.syncTimeout ?? DEFAULT_SYNC_TIMEOUT_SECONDS, MAX_SYNC_TIMEOUT_SECONDS);
    if (args.sync === undefined) return undefined;
    const address = parseSyncAddress(args.sync);
    return async (signal) => new SyncedStart(await SyncParty.join(address, { instance, timeoutSeconds, signal }));
  }

  /** Times the CPU loop the barrier asked for, if it asked (guests: the emulation check). */
  async timeProbe(signal: AbortSignal): Promise<void> {
    const request = this.party.welcome.probe;
    if (!request) return;
    this.probe = { increments: request.increments, seconds: await cpuLoopSeconds(request.increments, request.repetitions, { signal }) };
  }

  /** Holds the first timed region until the barrier's GO. */
  gate(): StartGate {
    return {
      wait: (signal) => this.party.ready(this.probe, signal),
      opened: (ns) => {
        this.firstRegionNs = ns;
      },
    };
  }

  /** After the run: reports its start, and returns what the barrier answered for the result. */
  async finish(): Promise<SyncOutcome> {
    const done: Done | null = await this.party.finish(this.firstRegionNs);
    const { welcome } = this.party;
    const start = done?.start;
    return {
      sync: {
        barrier: this.party.where,
        group: welcome.group,
        parties: welcome.parties,
        index: welcome.index,
        reported: start?.reported ?? 0,
        startSkewSeconds: start?.skewSeconds ?? null,
        startOffsetSeconds: start?.offsetSeconds ?? null,
        method: start?.method ?? null,
      },
      launch: done?.launch ? checkShape(launchSchema, done.launch) : undefined,
      warnings: done?.warnings ?? [],
    };
  }

  written(file: string): void {
    this.party.written(basename(file));
  }

  /** After a failure: tells the barrier, and closes. */
  abandon(error: unknown): void {
    this.party.abandon(error instanceof Error ? error.message : String(error));
  }

  close(): void {
    this.party.close();
  }
}
