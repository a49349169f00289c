import { describe, expect, it } from 'vitest';

import { newCampaignId, roundOrders, shuffled } from '../ts/campaign/campaign.js';
import { campaignFromEnvironment, campaignVariables } from '../ts/campaign/contract.js';
import { parseArm, splitWords } from '../ts/commands/campaign.js';
import { CAMPAIGN_ID_PATTERN } from '../ts/results/schema.js';

describe('the order of a round', () => {
  it('is a Fisher–Yates shuffle of the arms', () => {
    // randomBelow(n) = 0 each time: swap i with 0 from the end: [a b c d] → [d b c a] → [c b d a] → [b c d a].
    expect(shuffled(['a', 'b', 'c', 'd'], () => 0)).toEqual(['b', 'c', 'd', 'a']);
    // randomBelow(n) = n − 1: every element swaps with itself.
    expect(shuffled(['a', 'b', 'c', 'd'], (n) => n - 1)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('draws every order of three arms about equally often', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i += 1) {
      const order = shuffled(['a', 'b', 'c']).join('');
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // 1000 expected each; a binomial sd of 29, so 850..1150 is over 5 sd either way.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });
});

describe('the orders of a campaign', () => {
  /** How often each arm ran in each position. */
  function positions(orders: string[][]): Map<string, number[]> {
    const counts = new Map<string, number[]>();
    for (const order of orders) {
      order.forEach((arm, position) => {
        const row = counts.get(arm) ?? order.map(() => 0);
        row[position]! += 1;
        counts.set(arm, row);
      });
    }
    return counts;
  }

  it('put every arm in every position equally often when the rounds are a multiple of the arms', () => {
    for (let trial = 0; trial < 200; trial += 1) {
      const two = roundOrders(['a', 'b'], 4);
      expect([...positions(two).values()]).toEqual([
        [2, 2],
        [2, 2],
      ]);
      const three = roundOrders(['a', 'b', 'c'], 6);
      expect(three.every((order) => [...order].sort().join('') === 'abc')).toBe(true);
      expect([...positions(three).values()]).toEqual([
        [2, 2, 2],
        [2, 2, 2],
        [2, 2, 2],
      ]);
    }
  });

  it('are as even as the rounds allow otherwise, and still random', () => {
    const seen = new Set<string>();
    for (let trial = 0; trial < 200; trial += 1) {
      const orders = roundOrders(['a', 'b'], 3);
      expect(orders).toHaveLength(3);
      // Each arm first once or twice in 3 rounds, never 0 or 3 times.
      for (const row of positions(orders).values()) expect(row[0]).toBeGreaterThanOrEqual(1);
      seen.add(orders.map((order) => order.join('')).join(' '));
    }
    // ab ba ab, ab ba ba, ba ab ab, ba ab ba: all four balanced sequences occur.
    expect(seen.size).toBe(4);
  });
});

describe('the campaign contract', () => {
  it('makes ids that sort by time and fit the result schema', () => {
    const id = newCampaignId(new Date('2026-11-26T17:15:13.909Z'));
    expect(id).toMatch(/^20261126T171513Z-[0-9a-f]{8}$/);
    expect(CAMPAIGN_ID_PATTERN.test(id)).toBe(true);
    expect(newCampaignId()).not.toBe(newCampaignId());
  });

  it('passes a run its place in environment variables, and reads them back', () => {
    const env = campaignVariables({ id: 'c-1', round: 3, position: 2 }, '4', '/tmp/results');
    expect(env).toEqual({
      MINTBENCH_CAMPAIGN_ID: 'c-1',
      MINTBENCH_CAMPAIGN_ROUND: '3',
      MINTBENCH_CAMPAIGN_POSITION: '2',
      MINTBENCH_CAMPAIGN_ARM: '4',
      MINTBENCH_CAMPAIGN_OUT: '/tmp/results',
    });
    expect(campaignFromEnvironment(env)).toEqual({
      place: { id: 'c-1', round: 3, position: 2 },
      arm: '4',
      out: '/tmp/results',
      checkOnly: false,
    });
    expect(campaignFromEnvironment({ ...env, MINTBENCH_CAMPAIGN_CHECK: '1' })?.checkOnly).toBe(true);
    expect(campaignFromEnvironment({})).toBeUndefined();
  });

  it('refuses bad values, naming the variable', () => {
    const env = campaignVariables({ id: 'c', round: 1, position: 1 }, 'a', undefined);
    expect(() => campaignFromEnvironment({ ...env, MINTBENCH_CAMPAIGN_ROUND: '0' })).toThrow(
      'Expected an integer of at least 1 for MINTBENCH_CAMPAIGN_ROUND but received 0',
    );
    expect(() => campaignFromEnvironment({ ...env, MINTBENCH_CAMPAIGN_POSITION: 'x' })).toThrow(
      'Expected an integer of at least 1 for MINTBENCH_CAMPAIGN_POSITION but received "x"',
    );
    expect(() => campaignFromEnvironment({ ...env, MINTBENCH_CAMPAIGN_ID: '../x' })).toThrow(
      /for MINTBENCH_CAMPAIGN_ID but received "\.\.\/x"/,
    );
  });
});

describe('arms on the command line', () => {
  it('splits a command at white space, keeping quoted words whole', () => {
    expect(splitWords(' suite  --note "two words" --sizes 1M ')).toEqual(['suite', '--note', 'two words', '--sizes', '1M']);
    expect(splitWords(`mix --ratio 1:1:1 --note 'it''s'`)).toEqual(['mix', '--ratio', '1:1:1', '--note', 'its']);
    expect(splitWords('cpu --note ""')).toEqual(['cpu', '--note', '']);
    expect(() => splitWords('cpu --note "open')).toThrow(/Expected balanced quotes for arm/);
  });

  it('reads LABEL=COMMAND into a label and the mintbench command line', () => {
    const arm = parseArm('1=suite --reps 5');
    expect(arm.label).toBe('1');
    expect(arm.argv.slice(0, 1)).toEqual([process.execPath]);
    expect(arm.argv[1]).toMatch(/dist\/cli\.js$/);
    expect(arm.argv.slice(2)).toEqual(['suite', '--reps', '5']);
    expect(parseArm('laptop guest=cpu').label).toBe('laptop guest');
  });

  it('refuses what is not a run command, and the options the campaign sets', () => {
    expect(() => parseArm('suite')).toThrow(/Expected LABEL=COMMAND or LABEL@HOST=COMMAND, e\.g\. 1=suite for arm/);
    expect(() => parseArm('1=compare results')).toThrow(/Expected a run command \(suite, mix, cpu, mem, io\) after 1= for arm/);
    expect(() => parseArm('1=suite --config 4')).toThrow(/Expected no --config, --out, --runs \(the campaign sets them\) for arm/);
    expect(() => parseArm('1=suite --out=x')).toThrow(/the campaign sets them/);
    expect(() => parseArm('99=suite')).toThrow(/for config but received "99"/);
  });
});
