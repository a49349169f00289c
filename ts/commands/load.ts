// Loads result files for compare and export: every bad file is named on stderr with its reason
// and makes the exit code 1, but does not stop the good ones from being used.
import { EXIT_RUNTIME } from '../exit-codes.js';
import { loadRecords, type LoadedRecord } from '../store.js';

export function loadOrReport(paths: readonly string[]): LoadedRecord[] {
  const { records, errors } = loadRecords(paths);
  for (const error of errors) process.stderr.write(`mintbench: skipped ${error.message}\n`);
  if (errors.length > 0) process.exitCode = EXIT_RUNTIME;
  if (records.length === 0) throw new Error(`No result files to read in ${paths.join(', ')}`);
  return records;
}
