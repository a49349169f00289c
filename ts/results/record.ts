// The result record: what one run writes to its file, and the check that a file holds one.
import type { Configuration } from './configs.js';
import type { Environment } from '../env/environment.js';
import type { WorkloadRun } from '../measure/run.js';
import { MINTBENCH_VERSION } from '../base/version.js';

/** Names the format, so a foreign JSON file is told apart from an old or new result file. */
export const RESULT_SCHEMA = 'mintbench-result';
/** Bumped when a field changes meaning or a reader needs a field older files lack. */
export const RESULT_SCHEMA_VERSION = 1;

export interface ResultRecord {
  schema: typeof RESULT_SCHEMA;
  schemaVersion: number;
  mintbenchVersion: string;
  /** The command that made it: suite, mix, cpu, mem or io. */
  command: string;
  /** When the run started and ended (ISO 8601, UTC). */
  startedAt: string;
  finishedAt: string;
  configuration: Configuration;
  /** Open object: later versions add fields; readers rely only on those Environment declares. */
  environment: Environment;
  /** One per workload part: the suite has cpu, mem and io; the other commands one. */
  runs: WorkloadRun[];
  /** Stopped by Ctrl-C or SIGTERM: the runs hold only the repetitions completed before it. */
  interrupted: boolean;
}

export function buildRecord(fields: Omit<ResultRecord, 'schema' | 'schemaVersion' | 'mintbenchVersion'>): ResultRecord {
  return { schema: RESULT_SCHEMA, schemaVersion: RESULT_SCHEMA_VERSION, mintbenchVersion: MINTBENCH_VERSION, ...fields };
}

/** No repetition lasts a year; refusing larger times keeps every sum of squares finite. */
export const MAX_REPETITION_SECONDS = 3.2e7;

/** Why a parsed JSON value is not a result record this version can read; thrown by validateRecord. */
export class RecordShapeError extends Error {
  override readonly name = 'RecordShapeError';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(object: Json, key: string, where: string, kind: 'string' | 'number' | 'boolean' | 'object' | 'array'): unknown {
  const value = object[key];
  const ok =
    kind === 'object'
      ? isObject(value)
      : kind === 'array'
        ? Array.isArray(value)
        : kind === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : typeof value === kind;
  if (!ok) throw new RecordShapeError(`${where}${key} is missing or not a${kind === 'array' || kind === 'object' ? 'n' : ''} ${kind}`);
  return value;
}

function checkSeries(series: unknown, where: string): void {
  if (!isObject(series)) throw new RecordShapeError(`${where} is not an object`);
  field(series, 'workload', `${where}.`, 'string');
  if (series.sizeBytes !== null) field(series, 'sizeBytes', `${where}.`, 'number');
  const repetitions = field(series, 'repetitions', `${where}.`, 'array') as unknown[];
  repetitions.forEach((rep, k) => {
    if (!isObject(rep)) throw new RecordShapeError(`${where}.repetitions[${k}] is not an object`);
    const ticks = field(rep, 'ticks', `${where}.repetitions[${k}].`, 'number') as number;
    if (ticks < 0) throw new RecordShapeError(`${where}.repetitions[${k}].ticks is negative`);
    const seconds = field(rep, 'seconds', `${where}.repetitions[${k}].`, 'number') as number;
    if (!(seconds > 0 && seconds <= MAX_REPETITION_SECONDS)) {
      throw new RecordShapeError(`${where}.repetitions[${k}].seconds is not above 0 and at most ${MAX_REPETITION_SECONDS}`);
    }
  });
}

function checkRun(run: unknown, where: string): void {
  if (!isObject(run)) throw new RecordShapeError(`${where} is not an object`);
  field(run, 'workload', `${where}.`, 'string');
  const parameters = field(run, 'parameters', `${where}.`, 'object') as Json;
  field(parameters, 'repetitions', `${where}.parameters.`, 'number');
  const ratio = field(parameters, 'ratio', `${where}.parameters.`, 'object') as Json;
  for (const key of ['reads', 'increments', 'copies']) field(ratio, key, `${where}.parameters.ratio.`, 'number');
  const timer = field(run, 'timer', `${where}.`, 'object') as Json;
  if (!((field(timer, 'hz', `${where}.timer.`, 'number') as number) > 0)) throw new RecordShapeError(`${where}.timer.hz is not positive`);
  (field(run, 'series', `${where}.`, 'array') as unknown[]).forEach((series, j) => {
    checkSeries(series, `${where}.series[${j}]`);
  });
}

/** Checks that `data` (parsed JSON) is a result record this version reads; throws RecordShapeError saying why not. */
export function validateRecord(data: unknown): ResultRecord {
  if (!isObject(data) || data.schema !== RESULT_SCHEMA) {
    throw new RecordShapeError(`not a mintbench result file (no "schema": "${RESULT_SCHEMA}")`);
  }
  const version = data.schemaVersion;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new RecordShapeError(`schemaVersion is missing or not a positive integer`);
  }
  const writer = typeof data.mintbenchVersion === 'string' ? data.mintbenchVersion : 'an unknown version';
  if (version > RESULT_SCHEMA_VERSION) {
    throw new RecordShapeError(
      `schema version ${version} (written by mintbench ${writer}) is newer than mintbench ${MINTBENCH_VERSION} reads (${RESULT_SCHEMA_VERSION}): upgrade mintbench`,
    );
  }
  field(data, 'mintbenchVersion', '', 'string');
  field(data, 'command', '', 'string');
  field(data, 'startedAt', '', 'string');
  field(data, 'interrupted', '', 'boolean');
  const configuration = field(data, 'configuration', '', 'object') as Json;
  field(configuration, 'label', 'configuration.', 'string');
  const environment = field(data, 'environment', '', 'object') as Json;
  field(environment, 'hostname', 'environment.', 'string');
  (field(data, 'runs', '', 'array') as unknown[]).forEach((run, i) => {
    checkRun(run, `runs[${i}]`);
  });
  return data as unknown as ResultRecord;
}
