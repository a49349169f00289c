// What the thesis reported for pairs of configurations, kept as data in results/reference/.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { packageRoot } from '../base/version.js';

export const THESIS_REFERENCE_FILE = path.join(packageRoot, 'results', 'reference', 'thesis.json');

export interface ReferenceComparison {
  /** Configuration labels (table 5.1 ids): the ratio is time in `config` over time in `baseline`. */
  config: string;
  baseline: string;
  workload: string;
  /** Absent: the statement holds for every size. */
  sizeBytes?: number;
  /** The thesis found no difference. */
  equal: boolean;
  ratio: number;
  /** Figure and the thesis's words. */
  where: string;
}

/** A reference statement as it applies to one comparison: `inverted` when the pair is the other way round. */
export interface ReferenceMatch extends ReferenceComparison {
  inverted: boolean;
}

function isComparison(value: unknown): value is ReferenceComparison {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.config === 'string' &&
    typeof v.baseline === 'string' &&
    typeof v.workload === 'string' &&
    (v.sizeBytes === undefined || typeof v.sizeBytes === 'number') &&
    typeof v.equal === 'boolean' &&
    typeof v.ratio === 'number' &&
    v.ratio > 0 &&
    typeof v.where === 'string'
  );
}

/** Loads reference statements from `file`; a malformed file is an error naming it (it ships with mintbench). */
export function loadReference(file: string = THESIS_REFERENCE_FILE): ReferenceComparison[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { schema?: unknown; comparisons?: unknown };
  if (data.schema !== 'mintbench-reference' || !Array.isArray(data.comparisons) || !data.comparisons.every(isComparison)) {
    throw new Error(`${file}: not a mintbench reference file (schema "mintbench-reference" with a list of comparisons)`);
  }
  return data.comparisons;
}

/** The statement for `config` against `baseline` at this workload and size, either way round, if the thesis made one. */
export function findReference(
  reference: readonly ReferenceComparison[],
  config: string,
  baseline: string,
  workload: string,
  sizeBytes: number | null,
): ReferenceMatch | undefined {
  const fits = (r: ReferenceComparison) => r.workload === workload && (r.sizeBytes === undefined || r.sizeBytes === sizeBytes);
  const direct = reference.find((r) => fits(r) && r.config === config && r.baseline === baseline);
  if (direct) return { ...direct, inverted: false };
  const inverse = reference.find((r) => fits(r) && r.config === baseline && r.baseline === config);
  return inverse ? { ...inverse, ratio: 1 / inverse.ratio, inverted: true } : undefined;
}
