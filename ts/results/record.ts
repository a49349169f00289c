// The two mappings between the runner's types and the result file's format (schema.ts): what a run
// writes (buildRecord), and what a file is read as (parseRecord, which also upgrades older versions).
import { MINTBENCH_VERSION } from '../base/version.js';
import type { MachineInfo, Warning } from '../env/index.js';
import type { Repetition, WorkloadRun } from '../measure/run.js';
import type { Configuration } from './configs.js';
import {
  checkShape,
  RecordShapeError,
  RESULT_SCHEMA,
  RESULT_SCHEMA_VERSION,
  resultRecordSchema,
  type RecordCampaign,
  type RecordConfiguration,
  type RecordLaunch,
  type RecordRepetition,
  type RecordRun,
  type RecordSync,
  type ResultRecord,
} from './schema.js';
import { upgradeVersion1 } from './upgrade-v1.js';

export interface RecordInputs {
  /** The command that made it: suite, mix, cpu, mem or io. */
  command: string;
  startedAt: string;
  finishedAt: string;
  configuration: Configuration;
  machine: MachineInfo;
  warnings: readonly Warning[];
  runs: readonly WorkloadRun[];
  interrupted: boolean;
  /** The campaign round and position the run was made at, when a campaign made it. */
  campaign?: RecordCampaign;
  /** Started through a barrier: the group and its start skew. */
  sync?: RecordSync;
  /** Launched by config run: the host's view of it. */
  launch?: RecordLaunch;
}

function repetitionToRecord(rep: Repetition): RecordRepetition {
  return { ticks: rep.ticks, seconds: rep.seconds, cpuStart: rep.cpuStart, cpuEnd: rep.cpuEnd, migrated: rep.migrated };
}

function runToRecord(run: WorkloadRun): RecordRun {
  return {
    workload: run.workload,
    parameters: { ...run.parameters, ratio: { ...run.parameters.ratio } },
    series: run.series.map((series) => ({
      sizeBytes: series.sizeBytes,
      repetitions: series.repetitions.map(repetitionToRecord),
      warmup: series.warmup.map(repetitionToRecord),
      ...(series.target ? { target: { ...series.target } } : {}),
      ...(series.offsets ? { offsets: [...series.offsets] } : {}),
    })),
    stopped: run.stopped,
  };
}

function configurationToRecord(configuration: Configuration): RecordConfiguration {
  const { label, id, name, description, instance, note } = configuration;
  return { label, id, name, description, instance, note };
}

/**
 * The record of one invocation: its runs as the file format has them (statistics are not stored:
 * readers compute them from the repetitions), and the machine once, whose TSC timed every tick.
 */
export function buildRecord(inputs: RecordInputs): ResultRecord {
  return {
    schema: RESULT_SCHEMA,
    schemaVersion: RESULT_SCHEMA_VERSION,
    mintbenchVersion: MINTBENCH_VERSION,
    command: inputs.command,
    startedAt: inputs.startedAt,
    finishedAt: inputs.finishedAt,
    configuration: configurationToRecord(inputs.configuration),
    machine: inputs.machine,
    warnings: inputs.warnings.map((warning) => ({ ...warning })),
    runs: inputs.runs.map(runToRecord),
    interrupted: inputs.interrupted,
    ...(inputs.campaign ? { campaign: { ...inputs.campaign } } : {}),
    ...(inputs.sync ? { sync: inputs.sync } : {}),
    ...(inputs.launch ? { launch: inputs.launch } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What a file's parsed JSON is as a record of the current version: files of older versions are
 * upgraded, newer ones refused by name (never misread). Throws RecordShapeError saying why not.
 */
export function parseRecord(data: unknown): ResultRecord {
  if (!isObject(data) || data.schema !== RESULT_SCHEMA) {
    throw new RecordShapeError(`not a mintbench result file (no "schema": "${RESULT_SCHEMA}")`);
  }
  const version = data.schemaVersion;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new RecordShapeError('schemaVersion is missing or not a positive integer');
  }
  if (version > RESULT_SCHEMA_VERSION) {
    const writer = typeof data.mintbenchVersion === 'string' ? data.mintbenchVersion : 'an unknown version';
    throw new RecordShapeError(
      `schema version ${version} (written by mintbench ${writer}) is newer than mintbench ${MINTBENCH_VERSION} reads (${RESULT_SCHEMA_VERSION}): upgrade mintbench`,
    );
  }
  const upgraded = (version === 1 ? upgradeVersion1(data) : data) as Record<string, unknown>;
  // Version 3 only added the optional `host`: a version 2 record is a version 3 one as it is.
  return checkShape(resultRecordSchema, { ...upgraded, schemaVersion: RESULT_SCHEMA_VERSION });
}
