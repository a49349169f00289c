// The start skew of a group, computed by hand.
import { describe, expect, it } from 'vitest';

import { skewMethod, startSkews, type PartyStart } from '../ts/sync/skew.js';

const party = (bootId: string | null, goSentNs: bigint | undefined, firstRegionNs?: bigint, goReceivedNs?: bigint): PartyStart => ({
  bootId,
  goSentNs,
  report: firstRegionNs === undefined ? undefined : { firstRegionNs, goReceivedNs: goReceivedNs ?? 0n },
});

describe('start skew', () => {
  it('compares first regions directly when all parties share one boot (one clock)', () => {
    const skews = startSkews([party('boot', 100n, 5_000_250n, 5_000_100n), party('boot', 200n, 5_000_000n, 4_999_900n)]);
    expect(skews.map(({ start }) => start)).toEqual([
      { reported: 2, skewSeconds: 250e-9, offsetSeconds: 250e-9, method: 'shared-clock' },
      { reported: 2, skewSeconds: 250e-9, offsetSeconds: 0, method: 'shared-clock' },
    ]);
  });

  it("places parties with clocks of their own on the barrier's send times plus their own delays", () => {
    // Sent at 1000 and 1400 ns; delays 300 ns (a: 10_300 - 10_000) and 50 ns (b: 7_050 - 7_000): starts 1300 and 1450.
    const skews = startSkews([party('guest-a', 1000n, 10_300n, 10_000n), party('guest-b', 1400n, 7_050n, 7_000n)]);
    expect(skews.map(({ start }) => start)).toEqual([
      { reported: 2, skewSeconds: 150e-9, offsetSeconds: 0, method: 'send-time' },
      { reported: 2, skewSeconds: 150e-9, offsetSeconds: 150e-9, method: 'send-time' },
    ]);
  });

  it('uses send times when any party has no boot id', () => {
    expect(skewMethod([party(null, 1n, 2n, 1n), party(null, 1n, 2n, 1n)])).toBe('send-time');
    expect(skewMethod([party('x', 1n, 2n, 1n), party('y', 1n, 2n, 1n)])).toBe('send-time');
    expect(skewMethod([party('x', 1n, 2n, 1n), party('x', 1n)])).toBe('shared-clock');
  });

  it('leaves out parties that never reported, and says so', () => {
    const skews = startSkews([party('boot', 1n, 9_000n), party('boot', 1n)]);
    expect(skews.map(({ start }) => start)).toEqual([
      { reported: 1, skewSeconds: 0, offsetSeconds: 0, method: 'shared-clock' },
      { reported: 1, skewSeconds: 0, offsetSeconds: null, method: 'shared-clock' },
    ]);
  });

  it('knows nothing when no party reported', () => {
    expect(startSkews([party('boot', 1n)]).map(({ start }) => start)).toEqual([
      { reported: 0, skewSeconds: null, offsetSeconds: null, method: null },
    ]);
  });
});
