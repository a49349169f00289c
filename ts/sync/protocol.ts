// The barrier's protocol: one JSON object per line, over TCP (`mintbench barrier`) or a guest's
// virtio-serial port (config run). A party speaks first, so nothing is written to a port no one has
// opened yet:
//   party → barrier  hello    {instance, pid, bootId}          after connecting
//   barrier → party  welcome  {group, parties, index, probe?}  probe: time this CPU loop before ready
//   party → barrier  ready    {probe?}                         after all preparation
//   barrier → party  go                                        to all parties at once
//   party → barrier  started  {firstRegionNs, goReceivedNs}    after the run (never during it)
//   barrier → party  done     {start, launch?, warnings?}      the group's start skew, and what the launcher knows
//   party → barrier  written  {file}                           the result file's name, then the party closes
// Either side may send `error` {message} and close. Clock readings are decimal strings of nanoseconds.
import * as z from 'zod';

/** Version of this protocol; a hello of another version is refused by name. */
export const SYNC_PROTOCOL = 1;
/** Longer lines are not this protocol: the reader gives up rather than buffer without end. */
export const MAX_LINE_BYTES = 1024 * 1024;

const nanoseconds = z.string().regex(/^\d{1,20}$/);

/** The CPU loop a launcher asks a party to time before it is ready (the emulation check). */
export const probeRequest = z.object({ increments: z.int().positive(), repetitions: z.int().positive() });
export const probeResult = z.object({ increments: z.int().positive(), seconds: z.number().positive() });

/** How the group's start skew was measured; see skew.ts. */
export const SKEW_METHODS = ['shared-clock', 'send-time'] as const;

/** What the barrier tells each party about the group's start. */
export const startSkew = z.object({
  /** Parties whose first-region start was known when the skew was computed. */
  reported: z.int().nonnegative(),
  /** Latest minus earliest first-region start over the parties that reported, seconds; null if none did. */
  skewSeconds: z.number().nonnegative().nullable(),
  /** This party's start after the group's earliest, seconds; null if unknown. */
  offsetSeconds: z.number().nonnegative().nullable(),
  method: z.enum(SKEW_METHODS).nullable(),
});

const warning = z.object({ code: z.string(), message: z.string(), remedy: z.string() });

export const partyMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    protocol: z.int(),
    instance: z.string().nullable(),
    pid: z.int().positive().nullable(),
    /** /proc/sys/kernel/random/boot_id: parties with the same one share CLOCK_MONOTONIC. */
    bootId: z.string().nullable(),
  }),
  z.object({ type: z.literal('ready'), probe: probeResult.nullable() }),
  z.object({ type: z.literal('started'), firstRegionNs: nanoseconds, goReceivedNs: nanoseconds }),
  z.object({ type: z.literal('written'), file: z.string() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);

export const barrierMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    group: z.string(),
    parties: z.int().positive(),
    index: z.int().nonnegative(),
    probe: probeRequest.nullable(),
  }),
  z.object({ type: z.literal('go') }),
  z.object({
    type: z.literal('done'),
    start: startSkew,
    /** The launcher's view of this party's launch (config run); opaque to the barrier. */
    launch: z.record(z.string(), z.unknown()).nullable(),
    /** Warnings the launcher found (e.g. emulated KVM), to be kept in the party's result. */
    warnings: z.array(warning),
  }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);

export type PartyMessage = z.infer<typeof partyMessage>;
export type BarrierMessage = z.infer<typeof barrierMessage>;
export type ProbeRequest = z.infer<typeof probeRequest>;
export type ProbeResult = z.infer<typeof probeResult>;
export type StartSkew = z.infer<typeof startSkew>;
export type SkewMethod = (typeof SKEW_METHODS)[number];

export function encode(message: PartyMessage | BarrierMessage): string {
  return `${JSON.stringify(message)}\n`;
}

/** Parses one line as a message of `schema`; throws saying what the line was not. */
export function decode<T extends z.ZodType>(schema: T, line: string): z.output<T> {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    throw new Error(`not a mintbench barrier message: ${JSON.stringify(line.slice(0, 80))}`);
  }
  const result = schema.safeParse(data);
  if (!result.success) throw new Error(`not a mintbench barrier message: ${JSON.stringify(line.slice(0, 80))}`);
  return result.data;
}

/** Splits a byte stream into lines; `push` returns the complete lines so far. Throws on an endless line. */
export class LineSplitter {
  private pending = '';

  push(chunk: Buffer | string): string[] {
    this.pending += chunk.toString();
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    if (this.pending.length > MAX_LINE_BYTES) throw new Error(`a barrier message longer than ${MAX_LINE_BYTES} bytes`);
    return lines.filter((line) => line.trim() !== '');
  }
}
