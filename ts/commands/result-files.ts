// Reads result files for compare, export, plot and report: every bad file is named on stderr with its reason
// and makes the exit code 1, but does not stop the good ones from being used.
import type { Argv } from 'yargs';

import { EXIT_RUNTIME } from './exit-codes.js';
import { DEFAULT_RESULTS_DIR, loadRecords, type LoadedRecord } from '../results/store.js';

/** Every readable record under `paths`; throws `whenNone()` when there is none. */
export function loadOrReport(
  paths: readonly string[],
  whenNone: () => Error = () => new Error(`No result files to read in ${paths.join(', ')}`),
): LoadedRecord[] {
  const { records, errors } = loadRecords(paths);
  for (const error of errors) process.stderr.write(`mintbench: skipped ${error.message}\n`);
  if (errors.length > 0) process.exitCode = EXIT_RUNTIME;
  if (records.length === 0) throw whenNone();
  return records;
}

/** The `[paths..]` of the commands that read result files (compare, export, plot, report). */
export function withResultPaths<T>(y: Argv<T>) {
  return y.positional('paths', { type: 'string', array: true, default: [DEFAULT_RESULTS_DIR], describe: 'result files or directories' });
}
