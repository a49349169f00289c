// Options shared by the workload commands, and their translation into API options.
import { constants as bufferConstants } from 'node:buffer';
import type { Argv } from 'yargs';

import { expected } from '../base/errors.js';
import { oneOf } from '../base/validate.js';
import { COMPARE_FORMATS, ENV_DETAILS, TERMINAL_COLUMNS, type EnvDetail } from '../output/compare-format.js';
import { DEFAULT_SOLO, UNLABELLED } from '../results/configs.js';
import type { VerdictControl } from '../stats/family.js';
import type { PairBy } from '../compare/compare.js';
import { DEFAULT_MARGIN } from '../stats/verdict.js';
import {
  DEFAULT_COPIES,
  DEFAULT_INCREMENTS,
  DEFAULT_READS,
  DEFAULT_REPETITIONS,
  DEFAULT_SEED,
  DEFAULT_SIZES,
  DEFAULT_WARMUP,
  type MixPlanOptions,
  type PlanOptions,
} from '../measure/plan.js';
import { SCRATCH_BYTES } from '../measure/scratch.js';
import { DEFAULT_MAX_RESULT_FILE_BYTES, DEFAULT_RESULTS_DIR } from '../results/store.js';
import { formatBytes, parseSize, parseSizes } from '../base/units.js';
import { DEFAULT_SYNC_TIMEOUT_SECONDS } from '../sync/party.js';

/** A margin of half the baseline's time is no test of equality any more. */
const MAX_MARGIN_PERCENT = 50;

export interface CommonArgs {
  reps: number | undefined;
  warmup: number | undefined;
  cpu: number | undefined;
}

/** --per-rep: every repetition printed, not only one line per series (--reps is how many there are). */
export const PER_REP = 'per-rep';
export const PER_REP_OPTION = {
  type: 'boolean',
  default: false,
  describe: "print every repetition (ticks, seconds, CPU) and its series' statistics, not only one line per series",
} as const;

/** Options of every command that runs a workload: repetitions, pinning, and where the record goes. */
export function withCommon<T>(y: Argv<T>) {
  return y
    .option('reps', { type: 'number', requiresArg: true, describe: `measured repetitions per size [default: ${DEFAULT_REPETITIONS}]` })
    .option('warmup', {
      type: 'number',
      requiresArg: true,
      describe: `discarded repetitions before each size [default: ${DEFAULT_WARMUP}]`,
    })
    .option('cpu', { type: 'number', requiresArg: true, describe: 'pin the measuring thread to this CPU' })
    .option('config', {
      type: 'string',
      requiresArg: true,
      describe: `configuration of this machine: a thesis id 1-7 (see mintbench configs) or a free label [default: ${UNLABELLED}]`,
    })
    .option('instance', { type: 'string', requiresArg: true, describe: 'which of the runs made at the same time this is (a, b, ...)' })
    .option('note', { type: 'string', requiresArg: true, describe: 'free text stored with the result' })
    .option('node', { type: 'string', requiresArg: true, describe: 'Mint node label, recorded when the kernel states no node id' })
    .option('out', {
      type: 'string',
      requiresArg: true,
      describe: `directory the result file is written to [default: ${DEFAULT_RESULTS_DIR}, or the campaign's]`,
    })
    .option('runs', {
      type: 'number',
      requiresArg: true,
      default: 1,
      describe: 'independent runs, each a fresh process (fresh buffers, fresh calibration), one result file each',
    })
    .option('sync', {
      type: 'string',
      requiresArg: true,
      describe: 'start together with other runs: after preparing, wait at the barrier at HOST:PORT (mintbench barrier)',
    })
    .option('sync-timeout', {
      type: 'number',
      requiresArg: true,
      describe: `seconds to wait at each step of the barrier [default: ${DEFAULT_SYNC_TIMEOUT_SECONDS}]`,
    })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
    .option(PER_REP, PER_REP_OPTION)
    .option('json', { type: 'boolean', default: false, describe: 'print the result record as JSON' });
}

/** --per-row: each verdict at 95 % on its own, not the table's verdicts together (compare, campaign, reproduce, report). */
export const PER_ROW_OPTION = {
  type: 'boolean',
  default: false,
  describe:
    "each row's verdict from its own 95 % interval; by default a table's verdicts hold together at 95 % (each interval at 1 − 5 %/rows, Bonferroni)",
} as const;

/** The verdicts' control from --per-row. */
export function verdictControl(args: { 'per-row'?: unknown }): VerdictControl {
  return args['per-row'] === true ? 'per-row' : 'family';
}

/** --pair-by's words for PairBy: the same parameters, or the same workload and size. */
const PAIR_BY_WORDS = { parameters: 'parameters', 'workload,size': 'workload-size' } as const satisfies Record<string, PairBy>;

/** --pair-by (compare): which baseline series each series is compared with. */
export const PAIR_BY_OPTION = {
  type: 'string',
  requiresArg: true,
  default: 'parameters',
  describe:
    "pair each row with the baseline's: parameters (the same workload, size, counts and direct/buffered reads) or workload,size (the user's A/B, e.g. --iterations or --buffered; a campaign's way)",
} as const;

export function pairByOption(value: unknown): PairBy {
  return PAIR_BY_WORDS[oneOf('pair-by', value, Object.keys(PAIR_BY_WORDS) as (keyof typeof PAIR_BY_WORDS)[])];
}

/** How a comparison is judged and printed (compare, campaign, reproduce): --margin, --per-row, --format, --wide and --env. */
export function withComparison<T>(y: Argv<T>) {
  return y
    .option('margin', {
      type: 'number',
      requiresArg: true,
      default: DEFAULT_MARGIN * 100,
      describe: 'equivalence margin in percent: "equal" when the ratio\'s interval lies inside 1 ± margin',
    })
    .option('per-row', PER_ROW_OPTION)
    .option('format', {
      type: 'string',
      requiresArg: true,
      default: 'table',
      describe: `output format: ${COMPARE_FORMATS.join(', ')}`,
    })
    .option('wide', {
      type: 'boolean',
      default: false,
      describe: `table and markdown: every column (cv, share between runs, reps/run) and the verdicts in full, wider than ${TERMINAL_COLUMNS} columns`,
    })
    .option('env', {
      type: 'string',
      requiresArg: true,
      default: 'key',
      describe: 'machine differences above the table: key (hypervisor, CPU model, kernel, pinning, disk, huge pages) or all',
    });
}

/** How the table shows a comparison, from --wide and --env, and how its verdicts are decided, from --per-row. */
export interface TableView {
  wide: boolean;
  env: EnvDetail;
  /** Absent: the table's verdicts together (DEFAULT_CONTROL). */
  control?: VerdictControl;
}

export function tableView(args: { wide?: unknown; env?: unknown; 'per-row'?: unknown }): TableView {
  return { wide: args.wide === true, env: oneOf('env', args.env ?? 'key', ENV_DETAILS), control: verdictControl(args) };
}

/** --csv-raw, on every command that writes CSV: text as it is, formulas included. */
export function withCsvRaw<T>(y: Argv<T>) {
  return y.option('csv-raw', {
    type: 'boolean',
    default: false,
    describe:
      "CSV text exactly as stored; by default text starting with = + - @, a tab or a CR gets a leading ' so that no spreadsheet runs it",
  });
}

/**
 * --max-file-size, on every command that reads result files: larger ones are named and skipped unread.
 * Checked as the command line is parsed (bytes, or undefined for the default), before any work.
 */
export function withMaxFileSize<T>(y: Argv<T>) {
  return y.option('max-file-size', {
    type: 'string',
    requiresArg: true,
    coerce: maxFileSizeOption,
    describe: `skip result files larger than this, unread, e.g. 256M [default: ${formatBytes(DEFAULT_MAX_RESULT_FILE_BYTES)}]`,
  });
}

/** --max-file-size in bytes (undefined: the default); no larger than the longest string JSON.parse can take. */
function maxFileSizeOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const bytes = parseSize(text, '--max-file-size');
  const most = bufferConstants.MAX_STRING_LENGTH;
  if (bytes > most) throw expected(`a size of at most ${most} bytes (the longest text JSON.parse can take)`, '--max-file-size', text);
  return bytes;
}

/** The margin as a fraction, from --margin in percent (above 0, at most 50). */
export function marginOption(percent: unknown): number {
  if (typeof percent !== 'number' || !(percent > 0 && percent <= MAX_MARGIN_PERCENT)) {
    throw expected(`a percentage above 0 and at most ${MAX_MARGIN_PERCENT}`, 'margin', percent);
  }
  return percent / 100;
}

/**
 * --solo CONCURRENT=SOLO, repeatable: which configuration is each concurrent one's solo run, over
 * DEFAULT_SOLO (3=2, 6=5, 7=4).
 */
export function soloOption(values: unknown): Record<string, string> {
  const solo: Record<string, string> = { ...DEFAULT_SOLO };
  for (const value of values === undefined ? [] : Array.isArray(values) ? values : [values]) {
    const parts = typeof value === 'string' ? value.split('=').map((part) => part.trim()) : [];
    const [concurrent, alone] = parts;
    if (parts.length !== 2 || !concurrent || !alone || concurrent === alone) {
      throw expected('a concurrent and its solo configuration label as CONCURRENT=SOLO, e.g. 3=2', 'solo', value);
    }
    solo[concurrent] = alone;
  }
  return solo;
}

export function withSizes<T>(y: Argv<T>) {
  return y.option('sizes', {
    requiresArg: true,
    type: 'string',
    describe: `bytes per copy/read, e.g. 256K,512K,1M or 1MiB [default: ${DEFAULT_SIZES.map(formatBytes).join(',')}]`,
  });
}

/** The read target options (io, mix, suite). */
export function withDevice<T>(y: Argv<T>) {
  return y
    .option('device', {
      type: 'string',
      requiresArg: true,
      describe: `block device or file to read, read-only [default: a ${formatBytes(SCRATCH_BYTES)} scratch file]`,
    })
    .option('seed', { type: 'number', requiresArg: true, describe: `seed of the random offsets [default: ${DEFAULT_SEED}]` })
    .option('buffered', { type: 'boolean', default: false, describe: 'read through the page cache (no O_DIRECT)' });
}

/** Unit counts of the mix parts (mix, suite): L, M and N multiply them. */
export function withUnits<T>(y: Argv<T>) {
  return y
    .option('reads', { type: 'number', requiresArg: true, describe: `reads per unit of L [default: ${DEFAULT_READS}]` })
    .option('increments', {
      type: 'number',
      requiresArg: true,
      describe: `register increments per unit of M [default: ${DEFAULT_INCREMENTS}]`,
    })
    .option('copies', { type: 'number', requiresArg: true, describe: `memcpy calls per unit of N [default: ${DEFAULT_COPIES}]` });
}

export function commonOptions(args: CommonArgs): PlanOptions {
  return { repetitions: args.reps, warmup: args.warmup, cpu: args.cpu };
}

export function sizesOption(text: string | undefined): number[] | undefined {
  return text === undefined ? undefined : parseSizes(text);
}

interface MixArgs extends CommonArgs {
  sizes: string | undefined;
  reads: number | undefined;
  increments: number | undefined;
  copies: number | undefined;
  device: string | undefined;
  seed: number | undefined;
  buffered: boolean;
}

/** The options of mix and suite, but the ratio. */
export function mixOptions(args: MixArgs): Omit<MixPlanOptions, 'ratio'> {
  return {
    ...commonOptions(args),
    sizes: sizesOption(args.sizes),
    reads: args.reads,
    increments: args.increments,
    copies: args.copies,
    device: args.device,
    seed: args.seed,
    buffered: args.buffered,
  };
}
