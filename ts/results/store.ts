// The results store: one JSON file per run, written atomically under a name no other run can take,
// and read back with a check that names the file and the reason when it is not a result record.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

import { slug } from '../base/slug.js';
import { isTempFileName, writeFileAtomic, WriteError } from '../base/atomic-write.js';
import { fileKind } from '../base/file-kind.js';
import { depthExceededAt } from '../base/json-depth.js';
import { formatBytes } from '../base/units.js';
import { parseRecord } from './record.js';
import type { ResultRecord } from './schema.js';

/** Where runs write and compare/export read when not told otherwise: results/ under the current directory. */
export const DEFAULT_RESULTS_DIR = 'results';
/** Larger files are refused unread (--max-file-size changes it): a suite's record is well under 1 MiB, so this is not one. */
export const DEFAULT_MAX_RESULT_FILE_BYTES = 64 * 1024 ** 2;
/**
 * Files that nest arrays and objects deeper are refused unparsed. A record nests 7 levels
 * (runs[].series[].repetitions[] objects); test/store-bounds.test.ts holds the schema to a quarter of this.
 */
export const MAX_RESULT_DEPTH = 64;
/** Name attempts before giving up; 48 random bits make a second attempt already unlikely. */
const NAME_ATTEMPTS = 5;

/** A file that is not a readable result record: its path and why. */
export class ResultFileError extends Error {
  override readonly name = 'ResultFileError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/**
 * `<UTC start, ms>-<config>[-<instance>]-<command>-<pid>-<random>.json`, e.g.
 * `20261126T170212.345Z-1-suite-4242-9f2c01ab77d3.json`: sorts by time, says what it holds, and the
 * pid and 48 random bits keep two runs started in the same millisecond apart.
 */
export function resultFileName(record: Pick<ResultRecord, 'startedAt' | 'configuration' | 'command'>): string {
  const stamp = record.startedAt.replace(/[-:]/g, '');
  const instance = record.configuration.instance === undefined ? [] : [slug(record.configuration.instance, 16) || 'x'];
  const parts = [
    stamp,
    slug(record.configuration.label, 32) || 'x',
    ...instance,
    slug(record.command, 16) || 'x',
    String(process.pid),
    randomBytes(6).toString('hex'),
  ];
  return `${parts.join('-')}.json`;
}

/**
 * Writes `record` into `dir` (made if missing) and returns the file's path: whole or not at all
 * (writeFileAtomic), linked to its name so that it never replaces another run's file. Throws a
 * WriteError naming the file and the reason.
 */
export function writeRecord(record: ResultRecord, dir: string = DEFAULT_RESULTS_DIR): string {
  const text = `${JSON.stringify(record, null, 2)}\n`;
  for (let attempt = 1; ; attempt += 1) {
    const file = path.join(dir, resultFileName(record));
    try {
      writeFileAtomic(file, text, { replace: false });
      return file;
    } catch (error) {
      const nameTaken = error instanceof WriteError && error.code === 'EEXIST' && error.stage === 'publish';
      if (!nameTaken || attempt === NAME_ATTEMPTS) throw error;
    }
  }
}

/** How much of a result file is read: files above `maxFileBytes` (default DEFAULT_MAX_RESULT_FILE_BYTES) are refused unread. */
export interface ReadLimits {
  maxFileBytes?: number;
}

function tooLarge(file: string, size: string, maxFileBytes: number): ResultFileError {
  return new ResultFileError(file, `is ${size}, over the bound of ${formatBytes(maxFileBytes)} (--max-file-size): not read`);
}

/**
 * The bytes of `file`, at most `maxFileBytes` of them: its size is checked before it is opened, and the
 * read stops one byte past the bound, so that a file that grew since, or a device, costs no more.
 */
function readBounded(file: string, maxFileBytes: number): Buffer {
  const stats = statSync(file);
  if (!stats.isFile()) throw new ResultFileError(file, `is ${fileKind(stats)}, not a result file: not read`);
  if (stats.size > maxFileBytes) throw tooLarge(file, `${stats.size} bytes`, maxFileBytes);
  // O_NONBLOCK: should the path have become a FIFO since the stat, open does not wait for a writer;
  // O_NOCTTY: nor does a terminal become ours. What was opened is checked again (fstat), so a path
  // swapped between the stat and the open is refused unread too.
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw new ResultFileError(file, `is ${fileKind(opened)}, not a result file: not read`);
    if (opened.size > maxFileBytes) throw tooLarge(file, `${opened.size} bytes`, maxFileBytes);
    let buffer = Buffer.allocUnsafe(opened.size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxFileBytes) throw tooLarge(file, 'larger than when it was checked', maxFileBytes);
        const grown = Buffer.allocUnsafe(Math.min(2 * length, maxFileBytes + 1));
        buffer.copy(grown);
        buffer = grown;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return buffer.subarray(0, length);
      length += read;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and checks one result file: size before the read, depth before the parse (limits), then the
 * record's shape. Throws ResultFileError naming the file and the reason.
 */
export function readRecord(file: string, { maxFileBytes = DEFAULT_MAX_RESULT_FILE_BYTES }: ReadLimits = {}): ResultRecord {
  let bytes: Buffer;
  try {
    bytes = readBounded(file, maxFileBytes);
  } catch (error) {
    if (error instanceof ResultFileError) throw error;
    throw new ResultFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const deep = depthExceededAt(bytes, MAX_RESULT_DEPTH);
  if (deep >= 0) {
    throw new ResultFileError(
      file,
      `nests arrays and objects deeper than ${MAX_RESULT_DEPTH} levels (at byte ${deep}), far deeper than a result record: not parsed`,
    );
  }
  const text = bytes.toString('utf8');
  if (text.trim() === '') throw new ResultFileError(file, 'is empty');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ResultFileError(file, `is not valid JSON (truncated or corrupt): ${(error as Error).message}`);
  }
  try {
    return parseRecord(data);
  } catch (error) {
    throw new ResultFileError(file, (error as Error).message);
  }
}

/**
 * The result files named by `paths`: files as given, directories by their `*.json` files (not
 * recursively, so `results/reference/` is skipped), in name order (= time order). Temp files of
 * writes that never finished (isTempFileName) are never read: `ignoredTempFiles` lists them.
 */
export function listResultFiles(paths: readonly string[]): { files: string[]; errors: ResultFileError[]; ignoredTempFiles: string[] } {
  const files: string[] = [];
  const errors: ResultFileError[] = [];
  const ignoredTempFiles: string[] = [];
  const add = (file: string): void => {
    (isTempFileName(path.basename(file)) ? ignoredTempFiles : files).push(file);
  };
  for (const given of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(given).isDirectory();
    } catch (error) {
      errors.push(new ResultFileError(given, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`));
      continue;
    }
    if (!isDirectory) {
      add(given);
      continue;
    }
    const names = readdirSync(given, { withFileTypes: true })
      .filter((entry) => entry.isFile() && (entry.name.endsWith('.json') || isTempFileName(entry.name)))
      .map((entry) => entry.name)
      .sort();
    for (const name of names) add(path.join(given, name));
  }
  return { files, errors, ignoredTempFiles };
}

export interface LoadedRecord {
  file: string;
  record: ResultRecord;
}

/** What loadRecords reads (limits) and which readable records it keeps (`keep`, default all). */
export interface LoadOptions extends ReadLimits {
  keep?: (record: ResultRecord) => boolean;
}

/**
 * Every readable record under `paths` that `keep` accepts, and one error per file that is not readable
 * (reading never throws for a bad file). Files are read, checked and dropped one at a time: memory
 * holds the records kept, never the texts.
 */
export function loadRecords(
  paths: readonly string[],
  { keep = () => true, ...limits }: LoadOptions = {},
): {
  records: LoadedRecord[];
  errors: ResultFileError[];
  ignoredTempFiles: string[];
} {
  const { files, errors, ignoredTempFiles } = listResultFiles(paths);
  const records: LoadedRecord[] = [];
  for (const file of files) {
    try {
      const record = readRecord(file, limits);
      if (keep(record)) records.push({ file, record });
    } catch (error) {
      if (!(error instanceof ResultFileError)) throw error;
      errors.push(error);
    }
  }
  return { records, errors, ignoredTempFiles };
}
