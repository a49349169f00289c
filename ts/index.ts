// The programmatic API.
export {
  DEFAULT_COPIES,
  DEFAULT_INCREMENTS,
  DEFAULT_READS,
  DEFAULT_REPETITIONS,
  DEFAULT_SEED,
  DEFAULT_SIZES,
  DEFAULT_WARMUP,
  requestStop,
  runCpu,
  runIo,
  runMem,
} from './run.js';
export type {
  CommonOptions,
  CpuOptions,
  IoOptions,
  MemOptions,
  ProgressEvent,
  Repetition,
  Series,
  WorkloadName,
  WorkloadRun,
} from './run.js';
export type { NativeTarget, NativeTimer } from './native.js';
export { summarize, type Summary } from './stats.js';
export { formatBytes, parseSize, parseSizes } from './units.js';
export { readOffsets, fingerprintWords } from './offsets.js';
export { UsageError } from './errors.js';
export { captureMachine, describeMachine, diffEnvironments, migrated, warningsFor } from './env/index.js';
export type { CaptureOptions, EnvironmentChange, MachineInfo, MachineInputs, RunContext, Warning } from './env/index.js';
