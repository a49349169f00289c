// Reads result files for compare, export, plot and report: every bad file is named on stderr with its reason
// and makes the exit code 1, but does not stop the good ones from being used. Temp files of writes
// that were cut short are counted once, never read.
import type { Argv } from 'yargs';

import { EXIT_RUNTIME } from './exit-codes.js';
import { withMaxFileSize } from './options.js';
import { DEFAULT_RESULTS_DIR, loadRecords, type LoadedRecord } from '../results/store.js';

/** The arguments withResultPaths declares. */
export interface ResultPathArgs {
  paths: readonly string[];
  /** Bytes, as withMaxFileSize checked them; undefined: the default. */
  'max-file-size'?: number | undefined;
}

/** Every readable record under `args.paths`, files over --max-file-size skipped unread; throws `whenNone()` when there is none. */
export function loadOrReport(
  args: ResultPathArgs,
  whenNone: () => Error = () => new Error(`No result files to read in ${args.paths.join(', ')}`),
): LoadedRecord[] {
  const maxFileBytes = args['max-file-size'];
  const { records, errors, ignoredTempFiles } = loadRecords(args.paths, maxFileBytes === undefined ? {} : { maxFileBytes });
  for (const error of errors) process.stderr.write(`mintbench: skipped ${error.message}\n`);
  const temps = ignoredTempFiles.length;
  if (temps > 0) {
    const what = temps === 1 ? 'temp file' : 'temp files';
    process.stderr.write(
      `mintbench: ignored ${temps} ${what} of writes that never finished (hidden .*.tmp, left by a killed run or a power loss; safe to delete when no run is writing)\n`,
    );
  }
  if (errors.length > 0) process.exitCode = EXIT_RUNTIME;
  if (records.length === 0) throw whenNone();
  return records;
}

/** The `[paths..]` and --max-file-size of the commands that read result files (compare, export, plot, report). */
export function withResultPaths<T>(y: Argv<T>) {
  return withMaxFileSize(y).positional('paths', {
    type: 'string',
    array: true,
    default: [DEFAULT_RESULTS_DIR],
    describe: 'result files or directories',
  });
}
