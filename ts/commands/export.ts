import { statSync } from 'node:fs';
import { defineCommand } from './define.js';

import { writeFileAtomic } from '../base/atomic-write.js';
import { expected } from '../base/errors.js';
import { fileKind } from '../base/file-kind.js';
import { checkOutputFileDirectory } from '../base/output-checks.js';
import { exportCsv } from '../output/export-csv.js';
import { withCsvRaw } from './options.js';
import { loadOrReport, withResultPaths } from './result-files.js';

/**
 * Refuses an existing `file` that is not a regular file (or a symlink to one): writing would go to a
 * device, block on a FIFO, or replace a device node with the CSV.
 */
function checkOutputFile(name: string, file: string): void {
  const stats = statSync(file, { throwIfNoEntry: false });
  if (stats === undefined || stats.isFile()) return;
  throw expected('a regular file or a new path', name, file, `it is ${fileKind(stats)}`);
}

export function command() {
  return defineCommand(
    (c) =>
      withCsvRaw(withResultPaths(c)).option('csv', {
        type: 'string',
        requiresArg: true,
        demandOption: true,
        describe: 'CSV file to write (replaced whole, never written through)',
      }),
    (args) => {
      checkOutputFile('--csv', args.csv);
      checkOutputFileDirectory('--csv', args.csv);
      writeFileAtomic(args.csv, exportCsv(loadOrReport(args), { raw: args['csv-raw'] }), { replace: true });
    },
  );
}
