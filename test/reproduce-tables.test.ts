import { describe, expect, it } from 'vitest';

import { reproductionTables } from '../ts/compare/reproduction.js';
import { loadReference } from '../ts/results/reference.js';

describe('reproduce: which comparisons it prints', () => {
  it("holds the thesis's pairs and every concurrent configuration against its solo run, one table per baseline", () => {
    const tables = reproductionTables(loadReference());
    expect(tables.map(({ baseline, configs }) => `${configs.join(',')} vs ${baseline}`)).toEqual([
      '2,4 vs 1',
      '3,5 vs 2',
      '7 vs 4',
      '6 vs 5',
      '7 vs 6',
    ]);
    const purposes = Object.fromEntries(tables.map(({ baseline, purpose }) => [baseline, purpose]));
    expect(purposes['1']).toBe("the thesis's comparisons");
    expect(purposes['2']).toBe("the thesis's comparisons; concurrent instances against their solo run (interference)");
    expect(purposes['5']).toBe('concurrent instances against their solo run (interference)');
  });

  it("follows the reference it is given: a pair the thesis does not state is not printed as the thesis's", () => {
    const tables = reproductionTables([{ config: '4', baseline: '1', workload: 'cpu', equal: true, ratio: 1, where: 'test' }]);
    expect(tables.find(({ baseline }) => baseline === '1')).toEqual({ baseline: '1', configs: ['4'], purpose: "the thesis's comparisons" });
    expect(tables.find(({ baseline }) => baseline === '6')).toBeUndefined();
  });
});
