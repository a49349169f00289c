// Student's t distribution: the CDF through the regularized incomplete beta function, and its
// quantile by a safeguarded Newton search. simple-statistics has no t quantile, and the ratio's interval
// needs one for non-integer (Welch–Satterthwaite) degrees of freedom, so a table would not do. Pure, no I/O.
import { gammaln } from 'simple-statistics';

/** Continued-fraction terms before giving up; the fraction converges in well under 100 for the arguments used here. */
const MAX_TERMS = 300;
/** Relative change at which the continued fraction counts as converged. */
const EPSILON = 1e-15;
/** Smallest value a Lentz denominator may take, so it never divides by zero. */
const TINY = 1e-300;

/** The continued fraction of I_x(a, b) (modified Lentz's method, as in Numerical Recipes' betacf). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m += 1) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPSILON) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), for x in [0, 1] and a, b > 0. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast for x below (a + 1) / (a + b + 2); use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) above it.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function checkDf(df: number): void {
  if (!(df > 0 && Number.isFinite(df))) throw new RangeError(`Expected positive finite degrees of freedom for df but received ${df}`);
}

/** P(T <= t) for Student's t with `df` degrees of freedom (finite, > 0, may be fractional). */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Steps of the quantile search: each at least halves the bracket, so 200 is far below double precision from any start. */
const QUANTILE_STEPS = 200;

/** The density of Student's t with `df` degrees of freedom at `t`. */
export function studentTDensity(t: number, df: number): number {
  checkDf(df);
  return Math.exp(gammaln((df + 1) / 2) - gammaln(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * The t value below which probability `p` lies (0 < p < 1), e.g. studentTQuantile(0.975, 9) = 2.2622.
 * Newton's method on the CDF inside a bracket that every step narrows, with a bisection step whenever
 * Newton's would leave it: a few CDF evaluations where bisection alone takes some forty.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`Expected a probability between 0 and 1 for p but received ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const key = `${p} ${df}`;
  const known = foundQuantiles.get(key);
  if (known !== undefined) return known;
  const t = searchQuantile(p, df);
  if (foundQuantiles.size >= FOUND_QUANTILES_KEPT) foundQuantiles.clear();
  foundQuantiles.set(key, t);
  return t;
}

/**
 * Quantiles already found, by p and df: a table's verdicts ask for the same few levels and (paired)
 * whole degrees of freedom again and again, and each search costs some CDF evaluations. Bounded.
 */
const foundQuantiles = new Map<string, number>();
const FOUND_QUANTILES_KEPT = 4096;

function searchQuantile(p: number, df: number): number {
  let low = 0;
  let high = 1;
  while (studentTCdf(high, df) < p) high *= 2;
  let t = (low + high) / 2;
  for (let step = 0; step < QUANTILE_STEPS; step += 1) {
    const excess = studentTCdf(t, df) - p;
    if (excess < 0) low = t;
    else high = t;
    const newton = t - excess / studentTDensity(t, df);
    const next = newton > low && newton < high ? newton : (low + high) / 2;
    if (Math.abs(next - t) <= 1e-12 * Math.abs(next) || high - low <= 1e-12 * high) return next;
    t = next;
  }
  return t;
}
