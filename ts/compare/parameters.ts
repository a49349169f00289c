// What differs between each configuration's series and the baseline series they were compared with
// ("iterations 1000000 -> 1100000", "direct -> buffered"): where rows are paired by workload and size
// (PairBy), the arms the user defined to differ are compared, and this says in what. Pure.
import { compareLabels, type ComparisonRow, type SeriesParameters } from './compare.js';
import type { WorkloadName } from '../measure/plan.js';

export interface ParameterChange {
  workload: WorkloadName;
  field: keyof SeriesParameters;
  /** The baseline series' value. */
  from: number | boolean | null;
  /** This configuration's. */
  to: number | boolean | null;
}

export interface ConfigurationParameterChanges {
  config: string;
  changes: ParameterChange[];
}

const FIELDS: readonly (keyof SeriesParameters)[] = ['reads', 'increments', 'copies', 'direct'];

/** For every configuration whose rows were compared with baseline series of other parameters, each difference once. */
export function parameterChanges(rows: readonly ComparisonRow[]): ConfigurationParameterChanges[] {
  const byConfig = new Map<string, Map<string, ParameterChange>>();
  for (const row of rows) {
    const base = row.baselineParameters;
    if (!base) continue;
    for (const field of FIELDS) {
      if (base[field] === row[field]) continue;
      const change: ParameterChange = { workload: row.workload, field, from: base[field], to: row[field] };
      const changes = byConfig.get(row.config) ?? new Map<string, ParameterChange>();
      changes.set(JSON.stringify(change), change);
      byConfig.set(row.config, changes);
    }
  }
  return [...byConfig].sort(([a], [b]) => compareLabels(a, b)).map(([config, changes]) => ({ config, changes: [...changes.values()] }));
}

function readsText(direct: number | boolean | null): string {
  return direct === true ? 'direct' : direct === false ? 'buffered' : 'no reads';
}

/**
 * "iterations 1000000 -> 1100000" (the option that sets the count: --iterations of cpu, mem and io,
 * --reads, --increments, --copies of mix), "direct -> buffered"; the workload first where `workloads`.
 */
export function parameterChangeText({ workload, field, from, to }: ParameterChange, workloads: boolean): string {
  const where = workloads ? `${workload} ` : '';
  if (field === 'direct') return `${where}${readsText(from)} -> ${readsText(to)}`;
  return `${where}${workload === 'mix' ? field : 'iterations'} ${String(from)} -> ${String(to)}`;
}
