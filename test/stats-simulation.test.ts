// Simulated comparisons with a known true ratio, decided exactly as compare decides them (compareRuns):
// two-level data (runs, then repetitions), including a two-state machine whose runs land at 1.00 or
// 1.35 at random, like this project's VM. Seeded, so every figure is the same on every machine.
import { describe, expect, it } from 'vitest';

import type { RunSample } from '../ts/compare/config-stats.js';
import { compareRuns, decideTogether, type RunComparison, type VerdictKind } from '../ts/compare/decide.js';
import type { VerdictControl } from '../ts/stats/family.js';
import { DEFAULT_MARGIN } from '../ts/stats/verdict.js';
import { normalFrom, seededUniform } from './helpers/random.js';

/** Per scenario; the acceptance asks for at least 2000. */
const SIMULATIONS = 3000;
const RUNS = 5;
const REPETITIONS = 10;
/** Inside one run the repetitions agree within about 1 % (measured on this VM). */
const REPETITION_CV = 0.01;
const SLOW_STATE = 1.35;

interface Machine {
  /** The two-state machine's runs land at 1.00 or 1.35 (each with probability 1/2); otherwise at 1.00. */
  twoState: boolean;
  /** Gaussian run-to-run noise on top, as a fraction of the mean. */
  runCv: number;
  /** Both arms of a round share its machine state (a phase longer than a round); otherwise each run draws its own. */
  sharedPhase?: boolean;
}

/**
 * `campaign`: each round runs both configurations (compare pairs them by round); `apart`: the same runs
 * made outside any campaign (compare treats them as independent samples).
 */
type Design = 'campaign' | 'apart';

interface Tally {
  covered: number;
  kinds: Record<string, number>;
}

/** A seeded source of the numbers a simulation draws. */
interface Draws {
  uniform: () => number;
  normal: () => number;
}

function draws(seed: number): Draws {
  const uniform = seededUniform(seed);
  return { uniform, normal: normalFrom(uniform) };
}

/** One comparison of 2 configurations with `runs` runs each, the other's true mean `trueRatio` times the baseline's, as compare makes it. */
function simulatedComparison({ uniform, normal }: Draws, design: Design, machine: Machine, trueRatio: number, runs: number): RunComparison {
  const state = () => (machine.twoState && uniform() < 0.5 ? SLOW_STATE : 1);
  const run = (round: number, position: number, scale: number, phase: number): RunSample => {
    const runMean = scale * phase * (1 + machine.runCv * normal());
    return {
      file: `${round}-${position}.json`,
      seconds: Array.from({ length: REPETITIONS }, () => runMean * (1 + REPETITION_CV * normal())),
      ...(design === 'campaign' ? { campaign: { id: 'simulated', round, position } } : {}),
      overheadSeconds: 1,
    };
  };
  const baseline: RunSample[] = [];
  const other: RunSample[] = [];
  for (let round = 1; round <= runs; round += 1) {
    const phase = state();
    baseline.push(run(round, 1, 1, phase));
    other.push(run(round, 2, trueRatio, machine.sharedPhase ? phase : state()));
  }
  return compareRuns(baseline, other, DEFAULT_MARGIN);
}

/** SIMULATIONS comparisons of 2 configurations with `runs` runs each, the other's true mean `trueRatio` times the baseline's. */
function simulate(seed: number, design: Design, machine: Machine, trueRatio: number, runs = RUNS): Tally {
  const source = draws(seed);
  const tally: Tally = { covered: 0, kinds: {} };
  for (let i = 0; i < SIMULATIONS; i += 1) {
    const { comparison, verdict } = simulatedComparison(source, design, machine, trueRatio, runs);
    if (comparison && comparison.ci95.lower < trueRatio && trueRatio < comparison.ci95.upper) tally.covered += 1;
    tally.kinds[verdict.kind] = (tally.kinds[verdict.kind] ?? 0) + 1;
  }
  return tally;
}

const share = (tally: Tally, ...kinds: VerdictKind[]) => kinds.reduce((sum, kind) => sum + (tally.kinds[kind] ?? 0), 0) / SIMULATIONS;
const coverage = (tally: Tally) => tally.covered / SIMULATIONS;

const GAUSSIAN: Machine = { twoState: false, runCv: 0.1 };
/** The two-state machine with some run-to-run jitter besides (3 %: a flip during a run, page placement). */
const TWO_STATE: Machine = { twoState: true, runCv: 0.03 };
/** Runs exactly at 1.00 or 1.35. */
const PURE_TWO_STATE: Machine = { twoState: true, runCv: 0 };
/** Both runs of a round share the machine's state: pairing by round cancels it. */
const SHARED_PHASE: Machine = { twoState: true, runCv: 0.03, sharedPhase: true };
const DESIGNS: Design[] = ['apart', 'campaign'];

describe(`simulated comparisons, ${RUNS} runs per configuration, ${SIMULATIONS} per scenario`, () => {
  it('cover the true ratio with the 95 % interval in 93–97 % of comparisons', () => {
    const scenarios: [Design, Machine][] = [
      ...DESIGNS.flatMap((design) => [GAUSSIAN, TWO_STATE].map((m): [Design, Machine] => [design, m])),
      ['campaign', SHARED_PHASE],
    ];
    scenarios.forEach(([design, machine], i) => {
      const covered = coverage(simulate(100 + i, design, machine, 1.2));
      expect(covered, `${design} ${JSON.stringify(machine)}`).toBeGreaterThanOrEqual(0.93);
      expect(covered, `${design} ${JSON.stringify(machine)}`).toBeLessThanOrEqual(0.97);
    });
  });

  it('err on the safe side for a pure two-state machine (runs exactly at 1.00 or 1.35): the interval covers more often', () => {
    // Two-point run means are as short-tailed as data get, and Student t intervals are conservative for them.
    for (const [i, design] of DESIGNS.entries()) {
      const covered = coverage(simulate(200 + i, design, PURE_TWO_STATE, 1.2));
      expect(covered, design).toBeGreaterThanOrEqual(0.95);
      expect(covered, design).toBeLessThanOrEqual(0.99);
    }
  });

  it('call an A/A pair slower or faster in at most 5 % of comparisons', () => {
    const scenarios: [Design, Machine][] = [
      ...DESIGNS.flatMap((design) => [GAUSSIAN, TWO_STATE, PURE_TWO_STATE].map((m): [Design, Machine] => [design, m])),
      ['campaign', SHARED_PHASE],
    ];
    scenarios.forEach(([design, machine], i) => {
      const tally = simulate(300 + i, design, machine, 1);
      expect(share(tally, 'slower', 'faster'), `${design} ${JSON.stringify(machine)}`).toBeLessThanOrEqual(0.05);
    });
  });

  it('call a true 1.10× with ±3 % run-to-run noise slower in at least 90 %', () => {
    for (const [i, design] of DESIGNS.entries()) {
      expect(share(simulate(400 + i, design, { twoState: false, runCv: 0.03 }, 1.1), 'slower'), design).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('never give slower, faster or equal with one run per configuration, even for a 10 % difference', () => {
    expect(share(simulate(500, 'apart', { twoState: false, runCv: 0.03 }, 1.1, 1), 'needs-runs')).toBe(1);
    expect(share(simulate(501, 'campaign', PURE_TWO_STATE, 1.1, 1), 'needs-runs')).toBe(1);
  });
});

/** A verdict the true ratio makes false: slower or faster against its direction, equal outside the margin. */
function isFalse(kind: VerdictKind, trueRatio: number, margin = DEFAULT_MARGIN): boolean {
  if (kind === 'slower') return trueRatio <= 1;
  if (kind === 'faster') return trueRatio >= 1;
  if (kind === 'equal') return trueRatio <= 1 - margin || trueRatio >= 1 + margin;
  return false;
}

interface TableTally {
  /** Tables with at least one false verdict. */
  anyFalse: number;
  /** Tables whose first row was called slower. */
  firstSlower: number;
}

/** Tables per scenario: the acceptance asks for at least 2000. */
const TABLES = 2000;
/** The default suite's rows. */
const TABLE_ROWS = 7;

/**
 * TABLES campaigns (or sets of runs apart) of `runs` rounds, each a table of 7 rows decided together
 * under each of `controls` (the same draws for each), row i's true ratio `trueRatios[i]`. Each row draws
 * its own machine states and noise: rows that shared a slow phase would err together, and lower the
 * share of tables with any false row.
 */
function simulateTables(
  seed: number,
  design: Design,
  machine: Machine,
  trueRatios: readonly number[],
  controls: readonly VerdictControl[] = ['family'],
  runs = RUNS,
): Record<VerdictControl, TableTally> {
  const source = draws(seed);
  const tallies: Record<VerdictControl, TableTally> = {
    family: { anyFalse: 0, firstSlower: 0 },
    'per-row': { anyFalse: 0, firstSlower: 0 },
  };
  for (let i = 0; i < TABLES; i += 1) {
    const rows = trueRatios.map((trueRatio) => simulatedComparison(source, design, machine, trueRatio, runs));
    for (const control of controls) {
      const table = decideTogether(rows, DEFAULT_MARGIN, control);
      for (const { comparison, verdict } of table) {
        // The interval agrees with the verdict: "slower" only above 1, "faster" only below.
        const lower = comparison?.ci95.lower ?? NaN;
        const upper = comparison?.ci95.upper ?? NaN;
        if ((verdict.kind === 'slower' && !(lower > 1)) || (verdict.kind === 'faster' && !(upper < 1))) {
          throw new Error(`${verdict.text} from the interval ${lower}–${upper}`);
        }
      }
      const tally = tallies[control];
      if (table.some(({ verdict }, row) => isFalse(verdict.kind, trueRatios[row] ?? NaN))) tally.anyFalse += 1;
      if (table[0]?.verdict.kind === 'slower') tally.firstSlower += 1;
    }
  }
  return tallies;
}

const percent = (count: number) => `${((count / TABLES) * 100).toFixed(1)} %`;
const name = (design: Design, machine: Machine) => `${design} ${JSON.stringify(machine)}`;
/** Both arms share the machine's state in each round, and runs agree within 1.5 % besides. */
const SHARED_PHASE_QUIET: Machine = { twoState: true, runCv: 0.015, sharedPhase: true };

describe(`simulated tables of ${TABLE_ROWS} rows decided together, ${RUNS} rounds, ${TABLES} per scenario`, () => {
  const scenarios: [Design, Machine][] = [
    ...DESIGNS.flatMap((design) => [GAUSSIAN, TWO_STATE, PURE_TWO_STATE].map((m): [Design, Machine] => [design, m])),
    ['campaign', SHARED_PHASE],
  ];
  const aa = Array.from({ length: TABLE_ROWS }, () => 1);

  it('show a false slower or faster in at most 5 % of A/A tables (per row: about 1 in 4)', () => {
    const lines = scenarios.map(([design, machine], i) => {
      const { family, 'per-row': perRow } = simulateTables(600 + i, design, machine, aa, ['family', 'per-row']);
      expect(family.anyFalse / TABLES, name(design, machine)).toBeLessThanOrEqual(0.05);
      return `${name(design, machine)}: tables with a false row ${percent(family.anyFalse)} (per row: ${percent(perRow.anyFalse)})`;
    });
    console.log(`A/A, ${TABLE_ROWS} rows:\n${lines.join('\n')}`);
  });

  it('call equal no row that is truly just beyond the margin, in at least 95 % of tables', () => {
    // Seven rows at 1.055× with 1 % run noise, all clearly different from 1: each interval reaches inside
    // ±5 % only when it misses the truth, which Bonferroni keeps to 5 % over the table.
    const tally = simulateTables(
      700,
      'campaign',
      { twoState: false, runCv: 0.01 },
      Array.from({ length: TABLE_ROWS }, () => 1.055),
    ).family;
    console.log(`7 rows at 1.055×, ±1 % runs: tables with a false equal ${percent(tally.anyFalse)}`);
    expect(tally.anyFalse / TABLES).toBeLessThanOrEqual(0.05);
  });

  it('find a single row that is 10 % slower in at least 90 % of campaigns where the noise allows it', () => {
    // Paired over 5 rounds (df 4), a row of 7 is decided at t(1 − 0.05/14, 4) = 5.07 standard errors, so
    // finding log 1.10 = 0.0953 in 90 % of campaigns needs a standard error of about 0.0127: runs that agree
    // within about 2 % (sd of the pairs' difference cv·√2, over √5; scipy's noncentral t: 91 % at 2 %, 57 %
    // at 3 %). Gaussian runs of ±10 % are beyond that even for one row alone at 95 % (21 % paired, 26 %
    // apart), and so are the two-state machine's unshared states (1.00 or 1.35: ±15 %). Where both arms of a
    // round share the machine's state, pairing cancels it, and the claim holds once runs agree within 1.5 %.
    const planted = [1.1, ...Array.from({ length: TABLE_ROWS - 1 }, () => 1)];
    const powerScenarios: [Design, Machine][] = [
      ['apart', GAUSSIAN],
      ['campaign', GAUSSIAN],
      ['campaign', TWO_STATE],
      ['campaign', SHARED_PHASE],
      ['campaign', SHARED_PHASE_QUIET],
    ];
    const results = powerScenarios.map(([design, machine], i) => ({
      machine,
      tally: simulateTables(800 + i, design, machine, planted).family,
    }));
    const lines = results.map(
      ({ tally }, i) =>
        `${name(...(powerScenarios[i] as [Design, Machine]))}: 1.10× called slower ${percent(tally.firstSlower)}, a false row ${percent(tally.anyFalse)}`,
    );
    console.log(`one row 1.10×, ${TABLE_ROWS} rows:\n${lines.join('\n')}`);
    for (const { tally } of results) expect(tally.anyFalse / TABLES).toBeLessThanOrEqual(0.05);
    const quiet = results.find(({ machine }) => machine === SHARED_PHASE_QUIET)!;
    expect(quiet.tally.firstSlower / TABLES).toBeGreaterThanOrEqual(0.9);
    // Where the noise does not allow it, the table says so rather than guess: fewer than 60 % found.
    for (const { tally } of results.filter(({ machine }) => machine !== SHARED_PHASE_QUIET)) {
      expect(tally.firstSlower / TABLES).toBeLessThan(0.6);
    }
  });
});
