import type { Argv } from 'yargs';

import { environmentChanges } from '../compare/environment.js';
import { compareRecords } from '../compare/compare.js';
import { COMPARE_FORMATS, renderComparison } from '../output/compare-format.js';
import { describeConfiguration } from '../results/configs.js';
import { loadReference } from '../results/reference.js';
import { oneOf } from '../base/validate.js';
import { namingFlags } from './flags.js';
import { loadOrReport, withResultPaths } from './result-files.js';

export function registerCompare<T>(y: Argv<T>) {
  return y.command(
    'compare [paths..]',
    "ratios of every configuration's mean time to the baseline's, per workload and size, beside what the thesis reported",
    (c) =>
      withResultPaths(c)
        .option('baseline', {
          type: 'string',
          requiresArg: true,
          demandOption: true,
          describe: 'configuration label to compare against, e.g. 1',
        })
        .option('format', {
          type: 'string',
          requiresArg: true,
          default: 'table',
          describe: `output format: ${COMPARE_FORMATS.join(', ')}`,
        }),
    namingFlags((args) => {
      const format = oneOf('format', args.format, COMPARE_FORMATS);
      const records = loadOrReport(args.paths);
      const rows = compareRecords(records, args.baseline, loadReference());
      const baseline = records.find(({ record }) => record.configuration.label === args.baseline)?.record.configuration;
      const title = baseline ? describeConfiguration(baseline) : args.baseline;
      process.stdout.write(renderComparison(rows, format, title, environmentChanges(records, args.baseline), args.baseline));
    }),
  );
}
