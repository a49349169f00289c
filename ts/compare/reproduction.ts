// What `reproduce` prints after running the seven configurations: the thesis's own comparisons (each
// pair its reference states: 2 and 4 against 1, 5 against 2, 7 against 6), then each configuration
// that runs two instances against the one that runs one of them alone (3 against 2, 6 against 5,
// 7 against 4), where the ratio is the interference the thesis leaves implicit. Pure.
import type { ReferenceComparison } from '../results/reference.js';
import { DEFAULT_SOLO } from '../results/configs.js';
import { compareLabels } from './compare.js';

export interface ReproductionTable {
  baseline: string;
  /** Compared against the baseline, in label order. */
  configs: string[];
  /** Why these rows: the thesis's comparisons, the interference of concurrent instances, or both. */
  purpose: string;
}

/** One table per baseline, in label order: the reference's pairs first, then the concurrent configurations' solo pairs. */
export function reproductionTables(reference: readonly ReferenceComparison[]): ReproductionTable[] {
  const tables = new Map<string, { configs: Set<string>; thesis: boolean; solo: boolean }>();
  const add = (baseline: string, config: string, kind: 'thesis' | 'solo'): void => {
    const table = tables.get(baseline) ?? { configs: new Set<string>(), thesis: false, solo: false };
    table.configs.add(config);
    table[kind] = true;
    tables.set(baseline, table);
  };
  for (const { baseline, config } of reference) add(baseline, config, 'thesis');
  for (const [concurrent, solo] of Object.entries(DEFAULT_SOLO)) add(solo, concurrent, 'solo');
  return [...tables.entries()]
    .sort(([a], [b]) => compareLabels(a, b))
    .map(([baseline, { configs, thesis, solo }]) => ({
      baseline,
      configs: [...configs].sort(compareLabels),
      purpose: [thesis ? "the thesis's comparisons" : '', solo ? 'concurrent instances against their solo run (interference)' : '']
        .filter(Boolean)
        .join('; '),
    }));
}
