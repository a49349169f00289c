// The programmatic API.
export {
  DEFAULT_COPIES,
  DEFAULT_INCREMENTS,
  DEFAULT_READS,
  DEFAULT_REPETITIONS,
  DEFAULT_SEED,
  DEFAULT_SIZES,
  DEFAULT_WARMUP,
  workloadOf,
  type MixRatio,
  type WorkloadName,
  type WorkloadParameters,
} from './measure/plan.js';
export { runCpu, runIo, runMem, runMix } from './measure/run.js';
export { runSuite, SUITE_RATIOS, type SuiteOptions } from './measure/suite.js';
export type {
  CommonOptions,
  CpuOptions,
  IoOptions,
  MemOptions,
  MixOptions,
  ProgressEvent,
  Repetition,
  RunHooks,
  Series,
  WorkloadRun,
} from './measure/run.js';
export type { NativeTarget, NativeTimer } from './measure/native.js';
export { CONFIDENCE, summarize, type Interval, type Summary } from './stats/summary.js';
export { atSignificance, independentRatio, pairedRatio, pValueOfNoDifference, type RatioBasis, type RatioInterval } from './stats/ratio.js';
export { controlText, DEFAULT_CONTROL, rowSignificance, type VerdictControl } from './stats/family.js';
export { classifyInterval, DEFAULT_MARGIN, moreSamplesToDecide } from './stats/verdict.js';
export { isUnstable, optimalRepetitionsPerRun, varianceComponents, type VarianceComponents } from './stats/variance-components.js';
export { studentTCdf, studentTQuantile } from './stats/student-t.js';
export { CONFIGURATIONS, DEFAULT_SOLO, resolveConfiguration, type CatalogueEntry, type Configuration } from './results/configs.js';
export { buildRecord, parseRecord, type RecordInputs } from './results/record.js';
export { RESULT_SCHEMA, RESULT_SCHEMA_VERSION, resultRecordSchema, type RecordCampaign, type ResultRecord } from './results/schema.js';
export {
  DEFAULT_MAX_RESULT_FILE_BYTES,
  DEFAULT_RESULTS_DIR,
  loadRecords,
  MAX_RESULT_DEPTH,
  readRecord,
  ResultFileError,
  writeRecord,
  type LoadedRecord,
  type LoadOptions,
  type ReadLimits,
} from './results/store.js';
export {
  compareRecords,
  tableControls,
  type ComparisonRow,
  type CompareOptions,
  type InstanceDetail,
  type Interference,
  type PairBy,
  type SeriesParameters,
  type TableControl,
} from './compare/compare.js';
export { parameterChanges, type ConfigurationParameterChanges, type ParameterChange } from './compare/parameters.js';
export { configStats, type ConfigStats, type RunSample } from './compare/config-stats.js';
export { compareRuns, decideTogether, type RunComparison, type Verdict, type VerdictKind } from './compare/decide.js';
export {
  checkArms,
  newCampaignId,
  runCampaign,
  type CampaignArm,
  type CampaignEvent,
  type CampaignOptions,
  type CampaignOutcome,
  type CampaignRun,
} from './campaign/campaign.js';
export {
  campaignFromEnvironment,
  campaignVariables,
  CAMPAIGN_ARM_VARIABLE,
  CAMPAIGN_CHECK_VARIABLE,
  CAMPAIGN_ID_VARIABLE,
  CAMPAIGN_OUT_VARIABLE,
  CAMPAIGN_POSITION_VARIABLE,
  CAMPAIGN_ROUND_VARIABLE,
  type CampaignEnvironment,
} from './campaign/contract.js';
export { renderComparison, COMPARE_FORMATS, type CompareFormat, type RenderOptions } from './output/compare-format.js';
export { loadReference, THESIS_REFERENCE_FILE, type ReferenceComparison } from './results/reference.js';
export { exportCsv, EXPORT_HEADER } from './output/export-csv.js';
export { formatBytes, parseSize, parseSizes } from './base/units.js';
export { readOffsets, fingerprintWords } from './measure/offsets.js';
export { UsageError } from './base/errors.js';
export { WriteError } from './base/atomic-write.js';
export { captureMachine, describeMachine, diffEnvironments, migrated, warningsFor } from './env/index.js';
export type { CaptureOptions, EnvironmentChange, MachineInfo, MachineInputs, RunContext, Warning } from './env/index.js';
