import { writeFileSync } from 'node:fs';
import type { Argv } from 'yargs';

import { exportCsv } from '../export-csv.js';
import { DEFAULT_RESULTS_DIR } from '../store.js';
import { loadOrReport } from './load.js';

export function registerExport<T>(y: Argv<T>) {
  return y.command(
    'export [paths..]',
    'every measured repetition as one CSV row (RFC 4180, header row, units in column names)',
    (c) =>
      c
        .positional('paths', { type: 'string', array: true, default: [DEFAULT_RESULTS_DIR], describe: 'result files or directories' })
        .option('csv', { type: 'string', requiresArg: true, demandOption: true, describe: 'CSV file to write' }),
    (args) => {
      writeFileSync(args.csv, exportCsv(loadOrReport(args.paths)));
    },
  );
}
