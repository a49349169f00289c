import { defineCommand } from './define.js';

import { expected } from '../base/errors.js';
import { environmentChanges } from '../compare/environment.js';
import { compareRecords, type PairBy } from '../compare/compare.js';
import { COMPARE_FORMATS, renderComparison, type CompareFormat } from '../output/compare-format.js';
import { DEFAULT_SOLO, describeConfiguration } from '../results/configs.js';
import { loadReference } from '../results/reference.js';
import type { LoadedRecord } from '../results/store.js';
import { oneOf } from '../base/validate.js';
import { namingFlags } from './flags.js';
import {
  marginOption,
  PAIR_BY_OPTION,
  pairByOption,
  soloOption,
  tableView,
  withComparison,
  withCsvRaw,
  type TableView,
} from './options.js';
import { loadOrReport, withResultPaths } from './result-files.js';

/**
 * Prints the comparison of `records` against `baseline` (compare, and the end of a campaign); `solo`
 * maps each concurrent configuration to its solo one (default DEFAULT_SOLO); `csvRaw`: csv text as
 * stored; `view`: --wide, --env and --per-row (default: the table that fits a terminal, the key
 * differences, the table's verdicts together); `pairBy`: which baseline series each series is
 * compared with (default: the same parameters).
 */
export function printComparison(
  records: readonly LoadedRecord[],
  baseline: string,
  margin: number,
  format: CompareFormat,
  {
    solo,
    csvRaw = false,
    view,
    pairBy = 'parameters',
  }: { solo?: Readonly<Record<string, string>>; csvRaw?: boolean; view?: TableView; pairBy?: PairBy } = {},
): void {
  const rows = compareRecords(records, baseline, {
    reference: loadReference(),
    margin,
    pairBy,
    ...(solo ? { solo } : {}),
    ...(view?.control ? { control: view.control } : {}),
  });
  const configuration = records.find(({ record }) => record.configuration.label === baseline)?.record.configuration;
  const title = configuration ? describeConfiguration(configuration) : baseline;
  process.stdout.write(
    renderComparison(rows, format, title, {
      environment: environmentChanges(records, baseline),
      baselineLabel: baseline,
      margin,
      pairBy,
      csv: { raw: csvRaw },
      ...(view ? { wide: view.wide, env: view.env } : {}),
    }),
  );
}

export function command() {
  return defineCommand(
    (c) =>
      withCsvRaw(withComparison(withResultPaths(c)))
        .option('baseline', {
          type: 'string',
          requiresArg: true,
          demandOption: true,
          describe: 'configuration label to compare against, e.g. 1',
        })
        .option('campaign', { type: 'string', requiresArg: true, describe: 'only the runs of this campaign id' })
        .option('pair-by', PAIR_BY_OPTION)
        .option('solo', {
          type: 'string',
          array: true,
          // One value per --solo, so that the paths after it stay paths.
          nargs: 1,
          describe: `CONCURRENT=SOLO: the solo configuration each instance of CONCURRENT is compared with, repeatable [default: ${Object.entries(
            DEFAULT_SOLO,
          )
            .map(([concurrent, alone]) => `${concurrent}=${alone}`)
            .join(' ')}]`,
        }),
    namingFlags((args) => {
      const format = oneOf('format', args.format, COMPARE_FORMATS);
      const margin = marginOption(args.margin);
      const solo = soloOption(args.solo);
      const view = tableView(args);
      const pairBy = pairByOption(args['pair-by']);
      const all = loadOrReport(args);
      const records = args.campaign === undefined ? all : all.filter(({ record }) => record.campaign?.id === args.campaign);
      if (records.length === 0) throw expected(`a campaign id of the result files in ${args.paths.join(', ')}`, 'campaign', args.campaign);
      printComparison(records, args.baseline, margin, format, { solo, csvRaw: args['csv-raw'], view, pairBy });
    }),
  );
}
