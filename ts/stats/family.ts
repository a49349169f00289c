// Verdicts a table can be trusted for as a whole: the level each row's interval is drawn at so that
// the chance of any false verdict in the table (slower, faster or equal) stays at 5 %. Pure.
//
// The method is Bonferroni's: each of a table's m intervals at two-sided level α/m (99.29 % for 7 rows).
// By Bonferroni's inequality the m intervals then cover all m true ratios at once with probability at
// least 1 − α, whatever the dependence between rows (a campaign's rows share its rounds and its slow
// phases). Every verdict is read off its own printed interval (verdict.ts classifyInterval), and a false
// verdict needs an interval that misses its true ratio (false slower: lower bound above a true ratio of
// 1 or less; false equal: inside the margin around a true ratio outside it), so:
// - the chance of any false slower, faster or equal in the table, together and in either direction, is
//   at most α;
// - the equivalence verdicts are two one-sided tests at α/(2m) each, the same adjustment;
// - a printed interval always agrees with its verdict: never "slower" with an interval that holds 1.
//
// Why not Holm's step-down, which rejects more once some rows are already decided? Holm would test the
// row with the smallest p-value at α/m too, so it gains nothing where the table has one real difference,
// and its gain elsewhere has a price here. Its intervals at each row's step level (α/m, α/(m−1), ...)
// agree with its verdicts but no longer cover together, and equivalence read off those intervals is not
// controlled: seven rows truly just beyond a 5 % margin (1.051×), measured tightly enough that Holm
// decides them all, would each be called equal with chance up to half its step's level, together up to
// (α/2)(1/7 + 1/6 + ... + 1) ≈ 1.3 α. The intervals
// compatible with Holm that do cover (Strassburger and Bretz, Stat. Med. 2008) collapse to "above 1" for
// the rows it decides, with no upper bound to print. Bonferroni keeps one interval per row that is both
// the verdict's reason and a simultaneous 95 % statement.
import { SIGNIFICANCE } from './summary.js';

/** Family-wise (the default): every interval of a table at α/m; per row: each at α on its own (--per-row). */
export type VerdictControl = 'family' | 'per-row';

export const DEFAULT_CONTROL: VerdictControl = 'family';

/** The method's name, as the table's header says it. */
export const FAMILY_METHOD = 'Bonferroni';

/**
 * The two-sided significance level of each of `rows` intervals under `control`: α / rows family-wise
 * (α for a table of one row), α per row.
 */
export function rowSignificance(rows: number, control: VerdictControl, significance = SIGNIFICANCE): number {
  if (!(Number.isInteger(rows) && rows >= 0)) throw new RangeError(`Expected a whole number of rows but received ${rows}`);
  return control === 'per-row' || rows <= 1 ? significance : significance / rows;
}

/**
 * What a table's verdicts control, for its header: "95 % over 7 rows (Bonferroni)", "95 % per row
 * (--per-row)"; a table of one verdict is the same either way ("95 %, 1 row").
 */
export function controlText(rows: number, control: VerdictControl, significance = SIGNIFICANCE): string {
  const level = confidenceText(significance);
  if (rows === 0) return `${level} (no verdict from an interval)`;
  if (control === 'per-row') return `${level} per row (--per-row)`;
  if (rows <= 1) return `${level}, ${rows} ${rows === 1 ? 'row' : 'rows'}`;
  return `${level} over ${rows} rows (${FAMILY_METHOD})`;
}

/** "99.29 %": the confidence of an interval at two-sided significance `significance`. */
export function confidenceText(significance: number): string {
  return `${Number(((1 - significance) * 100).toFixed(2))} %`;
}
