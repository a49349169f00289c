// The programmatic API.
export {
  DEFAULT_COPIES,
  DEFAULT_INCREMENTS,
  DEFAULT_READS,
  DEFAULT_REPETITIONS,
  DEFAULT_SEED,
  DEFAULT_SIZES,
  DEFAULT_WARMUP,
  runCpu,
  runIo,
  runMem,
  runMix,
  workloadOf,
} from './run.js';
export { runSuite, SUITE_RATIOS, type SuiteOptions } from './suite.js';
export type {
  CommonOptions,
  CpuOptions,
  IoOptions,
  MemOptions,
  MixOptions,
  MixRatio,
  ProgressEvent,
  Repetition,
  Series,
  WorkloadName,
  WorkloadRun,
} from './run.js';
export type { NativeTarget, NativeTimer } from './native.js';
export { CONFIDENCE, compareMeans, summarize, welchTest, type Interval, type RatioComparison, type Summary, type WelchTest } from './stats.js';
export { studentTCdf, studentTQuantile } from './student-t.js';
export { CONFIGURATIONS, resolveConfiguration, type CatalogueEntry, type Configuration } from './configs.js';
export { captureEnvironment, type Environment } from './environment.js';
export { buildRecord, RESULT_SCHEMA, RESULT_SCHEMA_VERSION, validateRecord, type ResultRecord } from './record.js';
export { DEFAULT_RESULTS_DIR, loadRecords, readRecord, ResultFileError, writeRecord, type LoadedRecord } from './store.js';
export { compareRecords, type ComparisonRow } from './compare.js';
export { renderComparison, COMPARE_FORMATS, type CompareFormat } from './compare-format.js';
export { loadReference, THESIS_REFERENCE_FILE, type ReferenceComparison } from './reference.js';
export { exportCsv, EXPORT_HEADER } from './export-csv.js';
export { formatBytes, parseSize, parseSizes } from './units.js';
export { readOffsets, fingerprintWords } from './offsets.js';
export { UsageError } from './errors.js';
export { captureMachine, describeMachine, diffEnvironments, migrated, warningsFor } from './env/index.js';
export type { CaptureOptions, EnvironmentChange, MachineInfo, MachineInputs, RunContext, Warning } from './env/index.js';
