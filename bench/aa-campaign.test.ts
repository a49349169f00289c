// Benchmark, run on demand (npm run bench:aa): A/A campaigns on this machine. Each campaign runs the same
// default suite as two arms, A and B, in 3 rounds (6 suites), then compares B with A. Nothing differs
// between the arms, so a row that says slower or faster is a false verdict. The benchmark repeats the
// campaign (MINTBENCH_AA_CAMPAIGNS, default 5) and reports how many campaigns gave no such row, and
// every row's verdict.
//
// What to expect: each row's 95 % interval excludes the true ratio in 5 % of comparisons (the
// simulation in test/stats-simulation.test.ts holds compare to that), so a campaign of 7 rows is
// clean in about 0.95^7 = 70 % of campaigns, not in all. Controlling the whole table instead
// (Bonferroni over 7 rows) would cut the power to see a 1.10× difference with 5 runs apart and 3 %
// run-to-run noise from 99 % to 83 % (20,000 simulated comparisons each, numpy and scipy). So the benchmark asserts the per-row rate: the false rows must
// be consistent with 5 % per row (a one-sided binomial test at 1 %).
//
// Measured on this project's 2-core VM, 2026-11-28, in three sittings under a load average of 6 to 16
// (other engineers' test runs), 3 to 6 minutes per campaign: 11 campaigns, 9 of them without a
// slower or faster row; 2 false rows of 77 (2.6 %): `cpu 1.44× faster (1.01–2.03)` and
// `mem 1M 1.32× faster (1.02–1.70)`. Every other row was inconclusive: with 3 rounds (2 degrees of
// freedom) on a machine this busy the intervals were wide, e.g. 0.41–1.71, and the projections asked
// for 1 to over 1000 more rounds. (Issue 8 reports that before runs were the unit, one A/A
// comparison of single runs printed 3 false verdicts in 7 rows.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import type { ComparisonRow } from '../ts/compare/compare.js';
import { cliPath } from '../test/helpers/cli.js';

const CAMPAIGNS = Number(process.env.MINTBENCH_AA_CAMPAIGNS ?? 5);
const ROUNDS = 3;
/** A default suite takes about 20 s here, a minute when the machine is loaded: a campaign of 6 well under 15 minutes. */
const CAMPAIGN_TIMEOUT_MS = 15 * 60_000;
/** The rate of false verdicts per row the 95 % intervals promise, and the level at which more counts as a failure. */
const FALSE_ROW_RATE = 0.05;
const TEST_LEVEL = 0.01;

/** P(X ≥ k) for X ~ Binomial(n, p). */
function binomialUpperTail(k: number, n: number, p: number): number {
  let term = (1 - p) ** n; // P(X = 0)
  let below = 0;
  for (let j = 0; j < k; j += 1) {
    below += term;
    term *= ((n - j) / (j + 1)) * (p / (1 - p));
  }
  return Math.max(0, 1 - below);
}

interface CampaignVerdicts {
  kinds: string[];
  falseRows: string[];
}

function aaCampaign(dir: string): CampaignVerdicts {
  const result = spawnSync(
    process.execPath,
    [cliPath, 'campaign', '--arm', 'A=suite', '--arm', 'B=suite', '--rounds', String(ROUNDS), '--out', dir, '--format', 'json'],
    { encoding: 'utf8', cwd: dir, timeout: CAMPAIGN_TIMEOUT_MS },
  );
  if (result.status !== 0) throw new Error(`campaign failed (${String(result.status)}): ${result.stderr}`);
  const { rows } = JSON.parse(result.stdout) as { rows: ComparisonRow[] };
  const compared = rows.filter((row) => !row.isBaseline);
  const where = (row: ComparisonRow) => `${row.workload} ${row.sizeBytes === null ? '-' : String(row.sizeBytes)}`;
  return {
    kinds: compared.map((row) => `${where(row)}: ${row.verdict.text}`),
    falseRows: compared.filter((row) => row.verdict.kind === 'slower' || row.verdict.kind === 'faster').map(where),
  };
}

describe('A/A campaigns', () => {
  it(
    `give no more slower or faster rows than 5 % per row (${String(CAMPAIGNS)} campaigns of ${String(ROUNDS)} rounds × 2 arms of the default suite)`,
    () => {
      const root = mkdtempSync(path.join(os.tmpdir(), 'mintbench-aa-'));
      const falseRows: string[][] = [];
      let rowCount = 0;
      try {
        for (let i = 0; i < CAMPAIGNS; i += 1) {
          const verdicts = aaCampaign(mkdtempSync(path.join(root, `${String(i)}-`)));
          console.log(`A/A campaign ${String(i + 1)}/${String(CAMPAIGNS)}:\n  ${verdicts.kinds.join('\n  ')}`);
          falseRows.push(verdicts.falseRows);
          rowCount += verdicts.kinds.length;
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
      const clean = falseRows.filter((rows) => rows.length === 0).length;
      const wrong = falseRows.flat();
      const p = binomialUpperTail(wrong.length, rowCount, FALSE_ROW_RATE);
      console.log(
        `A/A campaigns without a slower or faster row: ${String(clean)} of ${String(CAMPAIGNS)}; ` +
          `false rows ${String(wrong.length)} of ${String(rowCount)}` +
          (wrong.length > 0 ? ` (${wrong.join(', ')}); P(this many or more at 5 % per row) = ${p.toFixed(3)}` : ''),
      );
      expect(p).toBeGreaterThan(TEST_LEVEL);
    },
    CAMPAIGNS * CAMPAIGN_TIMEOUT_MS,
  );
});
