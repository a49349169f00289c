// The result file's format, declared once, and the check a parsed file must pass. Its TypeScript types, the check a file must pass to be
// read, and the JSON Schema published in results/schema/ all come from these declarations. The
// runner's types (ts/measure/) are mapped into it by buildRecord (record.ts), so renaming a field
// there cannot change the file format unnoticed; test/results-schema.test.ts holds the format to
// the JSON Schema of its version.
import * as z from 'zod';

import type { AddonFacts } from '../env/addon.js';
import type { CpuFacts } from '../env/cpu.js';
import type { DiskFacts } from '../env/disk.js';
import type { Virtualization } from '../env/hypervisor.js';
import type { LoadFacts } from '../env/load.js';
import type { MachineInfo, OsFacts } from '../env/machine.js';
import type { MintNode } from '../env/mint.js';
import type { ReportedFrequency, TscFacts } from '../env/tsc.js';
import type { Warning } from '../env/warnings.js';
import { WORKLOAD_NAMES } from '../measure/plan.js';
import { SKEW_METHODS } from '../sync/protocol.js';

/** Names the format, so a foreign JSON file is told apart from an old or new result file. */
export const RESULT_SCHEMA = 'mintbench-result';
/** Bumped with any change of the format below (test/results-schema.test.ts sees to it). */
export const RESULT_SCHEMA_VERSION = 3;
/** A campaign id: letters, digits, `-`, `_` and `.`, 1 to 64 of them (it goes into environment variables and file names). */
export const CAMPAIGN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** No repetition lasts a year; refusing larger times keeps every sum of squares finite. */
const MAX_REPETITION_SECONDS = 3.2e7;

const count = z.int().nonnegative();
const nullableCount = count.nullable();

// The machine, as `mintbench info` describes it (ts/env/). Each part `satisfies` its TypeScript
// interface, so the two cannot drift apart.
const cpuFacts = z.object({
  arch: z.string(),
  vendor: z.string().nullable(),
  model: z.string().nullable(),
  logicalCpus: count,
  physicalCores: nullableCount,
  packages: nullableCount,
  cachesBytes: z.record(z.string(), count),
  governor: z.string().nullable(),
  cpufreqDriver: z.string().nullable(),
  boost: z.boolean().nullable(),
  pinnedCpu: nullableCount,
}) satisfies z.ZodType<CpuFacts>;

const osFacts = z.object({
  kernel: z.string().nullable(),
  distribution: z.string().nullable(),
  hostname: z.string().nullable(),
  node: z.string(),
  mintbench: z.string(),
  transparentHugePages: z.string().nullable(),
}) satisfies z.ZodType<OsFacts>;

const virtualization = z.object({
  hypervisor: z.string(),
  emulated: z.boolean(),
  cpuidHypervisorBit: z.boolean().nullable(),
  cpuidSignatures: z.array(z.string()),
  sysHypervisorType: z.string().nullable(),
  dmi: z.string().nullable(),
  deviceTree: z.string().nullable(),
  evidence: z.array(z.string()),
  consistent: z.boolean(),
}) satisfies z.ZodType<Virtualization>;

const reportedFrequency = z.object({ source: z.string(), hz: z.number().positive() }) satisfies z.ZodType<ReportedFrequency>;

const tscFacts = z.object({
  counter: z.string(),
  closing: z.string(),
  invariant: z.boolean().nullable(),
  constantTsc: z.boolean().nullable(),
  nonstopTsc: z.boolean().nullable(),
  tscKnownFreq: z.boolean().nullable(),
  clocksource: z.string().nullable(),
  availableClocksources: z.array(z.string()),
  reported: z.array(reportedFrequency),
  unreported: z.array(z.string()),
  calibratedHz: z.number().positive(),
  calibrationR2: z.number(),
  calibrationSeconds: z.number().nonnegative(),
  calibrationSamples: count,
  calibrationSamplesKept: count,
  relativeDifference: z.number().nullable(),
  overheadTicks: z.number().nonnegative(),
  overheadNs: z.number().nonnegative(),
}) satisfies z.ZodType<TscFacts>;

const diskFacts = z.object({
  path: z.string(),
  kind: z.enum(['block-device', 'file']),
  device: z.string().nullable(),
  sizeBytes: count,
  logicalBlockBytes: nullableCount,
  physicalBlockBytes: nullableCount,
  rotational: z.boolean().nullable(),
  scheduler: z.string().nullable(),
  direct: z.boolean(),
}) satisfies z.ZodType<DiskFacts>;

const mintNode = z.object({ node: z.string().nullable(), source: z.string() }) satisfies z.ZodType<MintNode>;

const loadFacts = z.object({
  otherBusyCpus: z.number(),
  windowSeconds: z.number().nonnegative(),
  loadAverage1m: z.number().nullable(),
  otherLoad: z.boolean(),
}) satisfies z.ZodType<LoadFacts>;

const addonFacts = z.object({
  origin: z.enum(['prebuilt', 'compiled']),
  path: z.string(),
  buildFlags: z.array(z.string()),
}) satisfies z.ZodType<AddonFacts>;

const machineSchema = z.object({
  cpu: cpuFacts,
  os: osFacts,
  virtualization,
  tsc: tscFacts,
  disk: diskFacts.nullable(),
  mint: mintNode,
  load: loadFacts.nullable(),
  /** The addon binary that measured; null in files written before mintbench recorded it. */
  addon: addonFacts.nullable(),
}) satisfies z.ZodType<MachineInfo>;

const warningSchema = z.object({ code: z.string(), message: z.string(), remedy: z.string() }) satisfies z.ZodType<Warning>;

// What was measured.
const repetition = z.object({
  ticks: z.number().nonnegative(),
  seconds: z.number().positive().max(MAX_REPETITION_SECONDS),
  /** CPU before the region opened and when it closed (-1: not read); they differ if the thread migrated. */
  cpuStart: z.int(),
  cpuEnd: z.int(),
  migrated: z.boolean(),
});

const target = z.object({
  kind: z.enum(['block-device', 'file']),
  sizeBytes: count,
  blockBytes: count,
  physicalBlockBytes: count,
  direct: z.boolean(),
});

const series = z.object({
  /** Bytes per copy or read; null for the CPU loop. */
  sizeBytes: z.int().positive().nullable(),
  repetitions: z.array(repetition),
  /** The discarded warm-up repetitions. */
  warmup: z.array(repetition),
  /** Reads only: the target as the addon opened it, and every measured read's offset. */
  target: target.optional(),
  offsets: z.array(count).optional(),
});

const ratio = z.object({ reads: count, increments: count, copies: count });

const parameters = z.object({
  /** L:M:N multipliers; the counts below are per repetition (multiplier × unit), present when above 0. */
  ratio,
  repetitions: z.int().positive(),
  warmup: count,
  reads: z.int().positive().optional(),
  increments: z.int().positive().optional(),
  copies: z.int().positive().optional(),
  device: z.string().optional(),
  /** The device is the scratch file mintbench made, not a disk the user named. */
  scratchFile: z.boolean().optional(),
  seed: count.optional(),
  direct: z.boolean().optional(),
  cpu: count.optional(),
});

const run = z.object({
  workload: z.enum(WORKLOAD_NAMES),
  parameters,
  /** One per size. */
  series: z.array(series),
  /** Stopped before all repetitions ran: only the completed ones are here. */
  stopped: z.boolean(),
});

const configuration = z.object({
  label: z.string().min(1),
  id: z.int().positive().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  instance: z.string().optional(),
  note: z.string().optional(),
});

/** Where a run stood in a campaign (`mintbench campaign`, `--runs K`): compare pairs the runs of one round. */
const campaign = z.object({
  /** Names the campaign; every run it made carries it. */
  id: z.string().regex(CAMPAIGN_ID_PATTERN),
  /** 1-based: the round, and the run's place in that round's randomized order. */
  round: z.int().positive(),
  position: z.int().positive(),
});

/** A run started together with others through a barrier (--sync): its group and the measured start skew. */
const sync = z.object({
  /** The barrier: HOST:PORT, or the virtio-serial port a guest reached its launcher through. */
  barrier: z.string(),
  /** Id of the group of runs started together; `configuration.instance` tells them apart. */
  group: z.string(),
  parties: z.int().positive(),
  /** This run's place among the parties, in order of arrival. */
  index: count,
  /** Parties whose first-region start the barrier knew; fewer than `parties` if some left early. */
  reported: count,
  /** Latest minus earliest first-region start over the group, seconds; null when the barrier did not say. */
  startSkewSeconds: z.number().nonnegative().nullable(),
  /** This run's first region after the group's earliest, seconds. */
  startOffsetSeconds: z.number().nonnegative().nullable(),
  /** 'shared-clock': the parties' own CLOCK_MONOTONIC (one machine); 'send-time': the barrier's send times plus each party's own delay (guests). */
  method: z.enum(SKEW_METHODS).nullable(),
});

/** The host a fleet campaign ran the run on over SSH, as it said when the record was fetched. */
const host = z.object({
  /** The arm's HOST: an inventory name, or `user@host[:port]` as given. */
  name: z.string().min(1),
  /** `hostname` there. */
  hostname: z.string(),
  /** SHA-256 (hex) of its /etc/machine-id: two hosts with the same one are clones (the id itself is not stored). */
  machineIdSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** /proc/sys/kernel/random/boot_id: changes with every boot. */
  bootId: z.string(),
});

/** Threads of a launch and the cores they were allowed on, read back after pinning. */
const pinning = z.object({
  /** 'process', 'vcpu 0', 'iothread' or 'emulator' (QEMU's other threads). */
  threads: z.string(),
  threadIds: z.array(count),
  cpus: z.array(count),
});

const launchDisk = z.object({
  path: z.string(),
  /** 'scratch': an image of random bytes mintbench made once; 'device' or 'file': named by --disks. */
  kind: z.enum(['scratch', 'device', 'file']),
  sizeBytes: count,
  /** Guests: QEMU's cache and aio modes and whether an I/O thread serves the disk; always attached read-only. */
  cache: z.string().optional(),
  aio: z.string().optional(),
  iothread: z.boolean().optional(),
});

/** The emulation check: a short CPU loop timed in the guest against the host. */
const speedCheck = z.object({
  increments: z.int().positive(),
  hostSeconds: z.number().positive(),
  guestSeconds: z.number().positive(),
  /** guestSeconds / hostSeconds. */
  slowdown: z.number().positive(),
  threshold: z.number().positive(),
  /** The slowdown is above the threshold: the guest's CPU counts as emulated, whatever the accelerator. */
  tripped: z.boolean(),
});

const guestLaunch = z.object({
  /** What QEMU ran with, and what was asked (--accel). */
  accelerator: z.enum(['kvm', 'tcg']),
  requestedAccelerator: z.enum(['auto', 'kvm', 'tcg']),
  /** TCG, or KVM the speed check found emulated: no number of this run says anything about hardware. */
  emulated: z.boolean(),
  qemu: z.object({ binary: z.string(), version: z.string() }),
  /** The -cpu argument, and CPU flags as QEMU reports them for the vCPU. */
  cpuModel: z.string(),
  cpuFlags: z.record(z.string(), z.boolean()),
  vcpus: z.int().positive(),
  memoryBytes: count,
  /** The Debian kernel package the guest booted. */
  kernel: z.string(),
  speedCheck: speedCheck.nullable(),
});

/** How `config run` launched this run, as the host saw it. */
const launch = z.object({
  /** 'process' (configurations 1–3: a process on the host) or 'guest' (4–7: a QEMU guest). */
  kind: z.enum(['process', 'guest']),
  /** What the launch stands for on a stock Linux host, e.g. a Mint node emulated by pinning. */
  emulates: z.string().nullable(),
  /** Cores the instance was allowed on; empty: not pinned. */
  cpus: z.array(count),
  disk: launchDisk,
  /** Its threads and the cores each may use, read back from the kernel. */
  pinning: z.array(pinning),
  /** Its output, beside the result file: a guest's serial console, or a process's stdout and stderr. */
  log: z.string(),
  guest: guestLaunch.nullable(),
});

export const launchSchema = launch;

export const resultRecordSchema = z.object({
  schema: z.literal(RESULT_SCHEMA),
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  mintbenchVersion: z.string(),
  /** The command that made it: suite, mix, cpu, mem or io. */
  command: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  configuration,
  /** The machine the runs were made on, once: its TSC is the timer every tick here was counted with. */
  machine: machineSchema,
  /** Every warning printed around the run, each with what to do about it. */
  warnings: z.array(warningSchema),
  /** One per workload part: the suite has cpu, mem and io; the other commands one. */
  runs: z.array(run),
  /** Stopped by Ctrl-C or SIGTERM: the runs hold only the repetitions completed before it. */
  interrupted: z.boolean(),
  /** Present when the run was made by a campaign; absent in runs made alone (and in files written before campaigns). */
  campaign: campaign.optional(),
  /** Started together with other runs through a barrier (--sync, config run). */
  sync: sync.optional(),
  /** Launched by config run: the host's view of the process or guest. */
  launch: launch.optional(),
  /** Made on another host by a fleet campaign (an arm LABEL@HOST), its record fetched over SSH. */
  host: host.optional(),
});

export type ResultRecord = z.infer<typeof resultRecordSchema>;
export type RecordRun = ResultRecord['runs'][number];
type RecordSeries = RecordRun['series'][number];
export type RecordRepetition = RecordSeries['repetitions'][number];
export type RecordConfiguration = ResultRecord['configuration'];
export type RecordCampaign = NonNullable<ResultRecord['campaign']>;
export type RecordSync = z.infer<typeof sync>;
export type RecordLaunch = z.infer<typeof launch>;
export type RecordHost = z.infer<typeof host>;
export type RecordGuestLaunch = z.infer<typeof guestLaunch>;
export type RecordPinning = z.infer<typeof pinning>;
export type RecordSpeedCheck = z.infer<typeof speedCheck>;

/** Why a parsed JSON value is not a result record this version can read; thrown by parseRecord. */
export class RecordShapeError extends Error {
  override readonly name = 'RecordShapeError';
}

/** `runs[0].series[1].sizeBytes`: where in the file a check failed. */
function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}${text === '' ? '' : '.'}${String(key)}`),
    '',
  );
}

/** Checks `data` against `schema`; the first problem, with its place in the file, becomes a RecordShapeError. */
export function checkShape<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  throw new RecordShapeError(issue ? `${pathText(issue.path) || 'the file'}: ${issue.message}` : 'not a valid result record');
}
