// The results store: one JSON file per run, written atomically under a name no other run can take,
// and read back with a check that names the file and the reason when it is not a result record.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

import { slug } from '../base/slug.js';
import { parseRecord } from './record.js';
import type { ResultRecord } from './schema.js';

/** Where runs write and compare/export read when not told otherwise: results/ under the current directory. */
export const DEFAULT_RESULTS_DIR = 'results';
/** Larger files are refused unread: a suite's record is well under 1 MiB, so this is not one. */
const MAX_RESULT_FILE_BYTES = 64 * 1024 ** 2;
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

/** Writes `data` to a new file (never an existing one) and fsyncs it before returning. */
function writeDurably(file: string, data: string | Uint8Array): void {
  const fd = openSync(file, 'wx', 0o644);
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` (text or bytes) to `file` whole or not at all: a new hidden temp file beside it
 * (exclusive creation, so a planted symlink is never followed), fsynced, then renamed over `file`.
 */
export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  writeDurably(temp, data);
  try {
    renameSync(temp, file);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  syncDirectory(dir);
}

/**
 * Writes `record` into `dir` (made if missing) and returns the file's path. The JSON goes to a hidden
 * temp file in the same directory, is fsynced, then linked to its final name (link never replaces an
 * existing file; rename is the fallback where links are not supported), so a reader sees either no
 * file or the whole file.
 */
export function writeRecord(record: ResultRecord, dir: string = DEFAULT_RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(record, null, 2)}\n`;
  for (let attempt = 0; attempt < NAME_ATTEMPTS; attempt += 1) {
    const name = resultFileName(record);
    const file = path.join(dir, name);
    const temp = path.join(dir, `.${name}.tmp`);
    writeDurably(temp, text);
    try {
      linkSync(temp, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        unlinkSync(temp);
        continue;
      }
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') {
        unlinkSync(temp);
        throw error;
      }
      renameSync(temp, file);
      syncDirectory(dir);
      return file;
    }
    unlinkSync(temp);
    syncDirectory(dir);
    return file;
  }
  throw new Error(`Could not find a free result file name in ${dir} after ${NAME_ATTEMPTS} attempts`);
}

/** Reads and checks one result file; throws ResultFileError naming the file and the reason. */
export function readRecord(file: string): ResultRecord {
  let text: string;
  try {
    const bytes = statSync(file).size;
    if (bytes > MAX_RESULT_FILE_BYTES)
      throw new ResultFileError(file, `is ${bytes} bytes, larger than any result file (${MAX_RESULT_FILE_BYTES})`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ResultFileError) throw error;
    throw new ResultFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
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
 * recursively, so `results/reference/` is skipped; hidden temp files too), in name order (= time order).
 */
function listResultFiles(paths: readonly string[]): { files: string[]; errors: ResultFileError[] } {
  const files: string[] = [];
  const errors: ResultFileError[] = [];
  for (const given of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(given).isDirectory();
    } catch (error) {
      errors.push(new ResultFileError(given, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`));
      continue;
    }
    if (!isDirectory) {
      files.push(given);
      continue;
    }
    const names = readdirSync(given, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
    files.push(...names.map((name) => path.join(given, name)));
  }
  return { files, errors };
}

export interface LoadedRecord {
  file: string;
  record: ResultRecord;
}

/** Every readable record under `paths`, and one error per file that is not (reading never throws for a bad file). */
export function loadRecords(paths: readonly string[]): { records: LoadedRecord[]; errors: ResultFileError[] } {
  const { files, errors } = listResultFiles(paths);
  const records: LoadedRecord[] = [];
  for (const file of files) {
    try {
      records.push({ file, record: readRecord(file) });
    } catch (error) {
      if (!(error instanceof ResultFileError)) throw error;
      errors.push(error);
    }
  }
  return { records, errors };
}
