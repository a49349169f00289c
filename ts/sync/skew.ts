// The start skew of a group: how far apart its parties opened their first timed regions. Pure.
//
// Parties on one machine (the same boot id) share CLOCK_MONOTONIC, so their first-region times are
// compared directly ('shared-clock'). Parties with clocks of their own (guests: each has its own
// boot, and TSC offset) are placed on the barrier's clock instead ('send-time'): the moment the
// barrier sent that party GO, plus the party's own delay from receiving GO to opening its first
// region. That leaves out the transport's delay, which is alike for alike transports.
import type { SkewMethod, StartSkew } from './protocol.js';

export interface PartyStart {
  bootId: string | null;
  /** The barrier's clock when it sent GO to this party (undefined: never sent). */
  goSentNs: bigint | undefined;
  /** The party's report on its own clock (undefined: it never reported). */
  report: { firstRegionNs: bigint; goReceivedNs: bigint } | undefined;
}

const NS_PER_SECOND = 1e9;

/** Which clock the starts can be compared on, for the parties that reported. */
export function skewMethod(parties: readonly PartyStart[]): SkewMethod | null {
  const reported = parties.filter((party) => party.report !== undefined);
  const [first] = reported;
  if (!first) return null;
  return first.bootId !== null && reported.every((party) => party.bootId === first.bootId) ? 'shared-clock' : 'send-time';
}

/** Each party with its start skew as the barrier tells it: the group's skew and that party's offset. */
export function startSkews<T extends PartyStart>(parties: readonly T[]): { party: T; start: StartSkew }[] {
  const method = skewMethod(parties);
  const starts = parties.map((party): bigint | undefined => {
    if (!party.report) return undefined;
    if (method === 'shared-clock') return party.report.firstRegionNs;
    if (party.goSentNs === undefined) return undefined;
    return party.goSentNs + (party.report.firstRegionNs - party.report.goReceivedNs);
  });
  const known = starts.filter((start): start is bigint => start !== undefined);
  const earliest = known.reduce<bigint | undefined>((min, start) => (min === undefined || start < min ? start : min), undefined);
  const latest = known.reduce<bigint | undefined>((max, start) => (max === undefined || start > max ? start : max), undefined);
  const skewSeconds = earliest === undefined || latest === undefined ? null : Number(latest - earliest) / NS_PER_SECOND;
  return parties.map((party, i) => {
    const start = starts[i];
    return {
      party,
      start: {
        reported: known.length,
        skewSeconds,
        offsetSeconds: start === undefined || earliest === undefined ? null : Number(start - earliest) / NS_PER_SECOND,
        method: known.length === 0 ? null : method,
      },
    };
  });
}
