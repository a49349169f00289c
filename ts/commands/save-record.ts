// Saving a run's record once its repetitions are measured: the numbers must survive a failed write.
import path from 'node:path';

import { WriteError } from '../base/atomic-write.js';
import { cacheDir } from '../measure/scratch.js';
import type { ResultRecord } from '../results/schema.js';
import { writeRecord } from '../results/store.js';

/** Where a record goes when its --out directory cannot take it after the run: $MINTBENCH_CACHE/unsaved/. */
export function unsavedDir(): string {
  return path.join(cacheDir(), 'unsaved');
}

/**
 * Writes `record` into `out` and returns the file. If that fails (a full or failing disk after the
 * up-front check), writes it into unsavedDir(), failing that prints the whole record as JSON on
 * stderr; either way then throws one line saying why and where the numbers went (exit 1).
 */
export function saveRecord(record: ResultRecord, out: string): string {
  let failure: WriteError;
  try {
    return writeRecord(record, out);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    failure = error;
  }
  const fallbackDir = unsavedDir();
  let fallback: string;
  try {
    fallback = writeRecord(record, fallbackDir);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    process.stderr.write(`${JSON.stringify(record, null, 2)}\n`);
    throw new Error(
      `${failure.message}; nor into ${fallbackDir}: ${error.reason}; the whole record is printed above on stderr as JSON: save it to a .json file to keep it`,
    );
  }
  const where = failure.published ? `a copy of the record was saved to ${fallback}` : `the record was saved to ${fallback} instead`;
  throw new Error(`${failure.message}; ${where}`);
}
