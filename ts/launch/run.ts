// `config run`: runs one of the thesis's seven configurations from the host. It launches the
// configuration's instances — processes pinned to their cores (1-3) or QEMU guests booted from the
// guest kit (4-7) — each running one mintbench command with --sync to a barrier of the launcher's,
// so they start together; it tells each what the host saw of its launch, and collects their result
// files. Whatever fails, every instance is killed and the error names its log.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';

import { expected } from '../base/errors.js';
import { readTail } from '../base/read-tail.js';
import { cpuIndex } from '../base/validate.js';
import { packageRoot } from '../base/version.js';
import { CAMPAIGN_ID_VARIABLE, CAMPAIGN_POSITION_VARIABLE, CAMPAIGN_ROUND_VARIABLE } from '../campaign/contract.js';
import type { Warning } from '../env/index.js';
import { lastLines, LAST_LINES, readGuestJobEnd } from '../guest/console.js';
import { ensureKit } from '../guest/kit.js';
import { GUEST_DISK, GUEST_RESULTS_DIR, jobScript, SYNC_PORT_NAME } from '../guest/qemu.js';
import { allowedCpus } from '../measure/limits.js';
import { cpuLoopSeconds } from '../measure/probe.js';
import type { RecordLaunch, RecordSpeedCheck } from '../results/schema.js';
import { Barrier, type Party } from '../sync/barrier.js';
import type { StartSkew } from '../sync/protocol.js';
import { serveBarrier, type ServedBarrier } from '../sync/serve.js';
import {
  chooseAccel,
  emulationWarning,
  kvmState,
  markEmulation,
  PROBE_INCREMENTS,
  PROBE_REPETITIONS,
  speedCheck,
  type AccelChoice,
} from './accel.js';
import { checkCommand, instanceCommand } from './command.js';
import { chooseDisks, type Disk } from './disks.js';
import { startGuest, startProcess, type Ending, type LaunchedInstance } from './instance.js';
import { coresNeeded, disksNeeded, layout, type InstancePlan } from './layout.js';

/** The thesis gives every OS 512 MB. */
export const DEFAULT_GUEST_MEMORY_BYTES = 512 * 1024 ** 2;
/** Boot, preparation, the run and writing the result, for every instance: half an hour. */
export const DEFAULT_LAUNCH_TIMEOUT_SECONDS = 1800;
export const AIO_MODES = ['native', 'io_uring'] as const;
const cliPath = path.join(packageRoot, 'dist', 'cli.js');
/** How long an ended instance's connection may take to deliver what it said last. */
const CLOSE_GRACE_MS = 5000;
/** How much later than --timeout the barrier gives up by itself (timers fire in order of their expiry). */
const RENDEZVOUS_GRACE_MS = 1000;

export interface ConfigRunOptions {
  id: number;
  /** --cores a,b; default: the first CPUs this process may use. */
  cores?: readonly number[];
  /** --disks A,B; default: scratch images. */
  disks?: readonly string[];
  memoryBytes?: number;
  accel?: AccelChoice;
  aio?: (typeof AIO_MODES)[number];
  timeoutSeconds?: number;
  emulationThreshold: number;
  /** The words after `--`. */
  command: readonly string[];
  out: string;
  log: (text: string) => void;
  signal?: AbortSignal;
  /** Check everything that can be checked, then return undefined without launching (a campaign's check). */
  checkOnly?: boolean;
}

export interface InstanceOutcome {
  plan: InstancePlan;
  /** The result file it wrote. */
  file: string;
  log: string;
  launch: RecordLaunch;
  start: StartSkew;
}

export interface ConfigRunOutcome {
  group: string;
  instances: InstanceOutcome[];
  /** What the launcher warned about (no usable KVM, emulated guests). */
  warnings: Warning[];
}

/** The cores the instances use: --cores, else the first ones this process may run on. */
function chooseCores(id: number, given: readonly number[] | undefined): number[] {
  const allowed = allowedCpus();
  const needed = coresNeeded(id);
  const cores = given ? given.map((core) => cpuIndex('cores', core, allowed)) : (allowed ?? [0]).slice(0, needed);
  if (cores.length < needed) {
    throw expected(`${needed} cores (a,b): configuration ${id} runs two instances side by side`, 'cores', cores.join(','));
  }
  if (needed === 2 && cores[0] === cores[1]) throw expected('two different cores (a,b)', 'cores', cores.join(','));
  return cores.slice(0, needed);
}

/** `<UTC start>-<config>-<instance>-<what>.log`, beside the result files it belongs to. */
function logName(stamp: string, id: number, name: string, what: string): string {
  return `${stamp}-${id}-${name}-${what}.log`;
}

/** One line naming each failed instance and its log. */
function failure(instances: readonly LaunchedInstance[], why: (instance: LaunchedInstance) => string | undefined): Error {
  const parts = instances.flatMap((instance) => {
    const reason = why(instance);
    return reason === undefined ? [] : [`${instance.title} ${reason}; its log: ${instance.log}`];
  });
  return new Error(parts.join('; '));
}

/** `, its last output: "…" / "…"`, or nothing when there was none. */
function lastOutput(lines: readonly string[]): string {
  return lines.length > 0 ? `, its last output: ${quoteLines(lines)}` : '';
}

function quoteLines(lines: readonly string[]): string {
  return lines.length > 0 ? lines.map((line) => JSON.stringify(line)).join(' / ') : '(none)';
}

/** The last lines of a process instance's output log. */
function readLastLines(log: string): string[] {
  try {
    return lastLines(readTail(log).split('\n'), LAST_LINES);
  } catch {
    return [];
  }
}

/** Where a party without a result fell silent, for the launcher's timeout line. */
function silence(party: Party | undefined): string {
  if (party === undefined) return 'never reached the barrier';
  if (!party.ready) return 'was not ready at the barrier';
  if (party.goSentNs === undefined) return 'was ready, waiting for GO';
  if (party.report === undefined) return 'got GO and reported no start';
  return 'gave no result';
}

/** A campaign's place, passed on to each instance (a guest does not inherit the host's environment). */
function campaignPlace(): Record<string, string> {
  const names = [CAMPAIGN_ID_VARIABLE, CAMPAIGN_ROUND_VARIABLE, CAMPAIGN_POSITION_VARIABLE];
  return Object.fromEntries(names.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name] ?? '']])));
}

/** Runs configuration `options.id`; undefined after a check only. */
export async function runConfiguration(options: ConfigRunOptions): Promise<ConfigRunOutcome | undefined> {
  const { id, log } = options;
  if (!Number.isInteger(id) || id < 1 || id > 7)
    throw expected('a configuration id from 1 to 7 (see mintbench configs)', 'configuration', id);
  const command = checkCommand(options.command);
  const cores = chooseCores(id, options.cores);
  const plans = layout(id, cores);
  const guests = plans[0]?.kind === 'guest';
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_LAUNCH_TIMEOUT_SECONDS;
  const warnings: Warning[] = [];

  // Everything that can be refused is refused before anything starts.
  const accel = guests ? chooseAccel(options.accel ?? 'auto', kvmState()) : undefined;
  if (options.checkOnly) {
    if (options.disks) chooseDisks(options.disks, disksNeeded(id));
    return undefined;
  }
  const disks: Disk[] = chooseDisks(options.disks, disksNeeded(id));
  if (accel?.warning) {
    warnings.push(accel.warning);
    log(`WARNING: ${accel.warning.message}`);
  }
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: build mintbench (npm run build:ts) before config run`);
  const kit = guests
    ? (
        await ensureKit({
          log: (text) => {
            log(`guest kit: ${text}`);
          },
        })
      ).kit
    : undefined;
  // The host's side of the emulation check, before any guest competes for the cores.
  const hostProbeSeconds = guests
    ? await cpuLoopSeconds(PROBE_INCREMENTS, PROBE_REPETITIONS, { signal: options.signal, cpu: cores[0] })
    : undefined;

  // From here on the instances have --timeout to boot, run and write their results.
  const deadline = Date.now() + timeoutSeconds * 1000;
  const out = path.resolve(options.out);
  mkdirSync(out, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '');
  // Guests' sockets and jobs; processes need none (nothing is left in /tmp when a launcher of them is killed).
  const runDir = guests ? mkdtempSync(path.join(os.tmpdir(), 'mintbench-launch-')) : undefined;
  let served: ServedBarrier | undefined;
  const barrier = guests
    ? new Barrier({ parties: plans.length, probe: { increments: PROBE_INCREMENTS, repetitions: PROBE_REPETITIONS } })
    : (served = await serveBarrier('127.0.0.1', 0, { parties: plans.length })).barrier;
  const instances: LaunchedInstance[] = [];
  const killAll = (): void => {
    for (const instance of instances) instance.kill();
  };
  const onAbort = (): void => {
    barrier.fail('config run was stopped');
    killAll();
  };
  options.signal?.addEventListener('abort', onAbort);
  let timer: NodeJS.Timeout | undefined;
  try {
    for (const plan of plans) {
      const disk = disks[plan.disk];
      if (!disk) throw new Error(`configuration ${id} has no disk ${plan.disk}`);
      const words = instanceCommand(command, {
        config: id,
        instance: plan.instance,
        device: guests ? GUEST_DISK : disk.path,
        cpu: !guests && plan.cpus.length === 1 ? plan.cpus[0] : undefined,
        node: plan.node,
        sync: guests ? `/dev/virtio-ports/${SYNC_PORT_NAME}` : `127.0.0.1:${served?.port ?? 0}`,
        syncTimeoutSeconds: timeoutSeconds,
        out: guests ? GUEST_RESULTS_DIR : out,
      });
      const argv = [process.execPath, cliPath, ...words];
      if (kit && accel && runDir !== undefined) {
        const consoleLog = path.join(out, logName(stamp, id, plan.name, 'console'));
        const env: Record<string, string> = campaignPlace();
        if (process.env.MINTBENCH_ADDON !== undefined) env.MINTBENCH_ADDON = path.resolve(process.env.MINTBENCH_ADDON);
        const guestOptions = {
          kit,
          accel: accel.accel,
          requestedAccel: options.accel ?? 'auto',
          memoryBytes: options.memoryBytes ?? DEFAULT_GUEST_MEMORY_BYTES,
          aio: options.aio ?? 'native',
          resultsDir: out,
          runDir,
        };
        const instance = await startGuest(plan, jobScript(argv, packageRoot, env), disk, consoleLog, guestOptions, barrier);
        instances.push(instance);
        log(
          `guest ${plan.name}: booting under ${accel.accel.toUpperCase()} on CPU ${plan.cpus.join(',')}, disk ${disk.path} (console log: ${consoleLog})`,
        );
      } else {
        const instance = startProcess(plan, argv, disk, path.join(out, logName(stamp, id, plan.name, 'output')));
        instances.push(instance);
        log(
          `instance ${plan.name}: ${plan.cpus.length > 0 ? `pinned to CPU ${plan.cpus.join(',')}` : 'not pinned'}, disk ${disk.path} (output: ${instance.log})`,
        );
      }
    }

    const partyOf = (instance: LaunchedInstance): Party | undefined => barrier.parties.find((party) => instance.isParty(party));
    const resultOf = (instance: LaunchedInstance): string | undefined => partyOf(instance)?.written.at(-1);
    /** Why an instance that has ended made no result: what its run said, else how it ended. */
    const whyEnded = (instance: LaunchedInstance, ending: Ending): string => {
      const said = partyOf(instance)?.failed;
      if (said !== undefined) return `failed: ${said}`;
      const status = ending.code ?? ending.signal ?? 'unknown';
      const detail = instance.detail().split('\n').pop();
      const qemuSaid = detail ? ` (QEMU: ${detail})` : '';
      if (!guests) return `ended (status ${status}) without a result${lastOutput(readLastLines(instance.log))}`;
      // QEMU's status is the poweroff's: the job's own is on the console.
      const job = readGuestJobEnd(instance.log);
      if (job.status === undefined) {
        return `ended (QEMU status ${status}) before its job did, without a result${qemuSaid}; the console's last lines: ${quoteLines(job.lastLines)}`;
      }
      return `ended without a result: its job exited with status ${job.status}${lastOutput(job.lastLines)}${qemuSaid}`;
    };
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => {
          reject(
            failure(instances, (instance) =>
              resultOf(instance) ? undefined : `${silence(partyOf(instance))} within ${timeoutSeconds} s and was killed`,
            ),
          );
        },
        Math.max(deadline - Date.now(), 0),
      );
    });
    // An instance that ends before the group is done has failed.
    const endedEarly = Promise.race(
      instances.map(async (instance) => {
        const ending = await instance.exited;
        throw failure([instance], () => whyEnded(instance, ending));
      }),
    );
    const verdicts = new Map<string, RecordSpeedCheck>();
    const launches = new Map<string, RecordLaunch>();
    const skews = await Promise.race([
      // The barrier's deadline a little after the launcher's, so that a timeout is always the launcher's:
      // the one that kills every instance and names each one's log.
      barrier.rendezvous(Math.max(deadline - Date.now(), 1) + RENDEZVOUS_GRACE_MS, {
        // The emulation check, loudly, before the real run starts.
        beforeGo: (parties: Party[]) => {
          if (hostProbeSeconds === undefined || !accel) return;
          for (const party of parties) {
            if (!party.probe) continue;
            const check = speedCheck(party.probe.increments, hostProbeSeconds, party.probe.seconds, options.emulationThreshold);
            verdicts.set(party.name, check);
            log(
              `guest ${party.name}: a CPU loop ran ${check.slowdown.toFixed(1)}× slower than on the host${check.tripped ? ` — above ${check.threshold}×: EMULATED` : ''}`,
            );
            const warning = emulationWarning(accel.accel, check);
            if (warning) {
              warnings.push(warning);
              log(`WARNING: guest ${party.name}: ${warning.message}`);
            }
          }
        },
        extras: (party) => {
          const instance = instances.find((entry) => entry.isParty(party));
          if (!instance) return {};
          const marked = accel
            ? markEmulation(instance.launch(), accel.accel, verdicts.get(party.name) ?? null)
            : { launch: instance.launch(), warning: undefined };
          launches.set(instance.plan.name, marked.launch);
          return { launch: marked.launch, warnings: marked.warning ? [marked.warning] : [] };
        },
      }),
      timedOut,
      endedEarly,
    ]);
    endedEarly.catch(() => undefined);
    log(`all ${plans.length} started; waiting for their results`);
    const endings = await Promise.race([Promise.all(instances.map((instance) => instance.exited)), timedOut]);
    timedOut.catch(() => undefined);
    // An instance's last words (the result file it wrote) may still be in its connection when its end is seen.
    await Promise.race([barrier.allClosed(), sleep(CLOSE_GRACE_MS)]);
    const failed = instances.filter((instance) => resultOf(instance) === undefined);
    if (failed.length > 0) {
      throw failure(failed, (instance) => whyEnded(instance, endings[instances.indexOf(instance)] ?? { code: null, signal: null }));
    }

    const results = instances.map((instance): InstanceOutcome => {
      const file = resultOf(instance);
      const start = skews.find((entry) => instance.isParty(entry.party))?.start;
      const launch = launches.get(instance.plan.name);
      if (!file || !existsSync(path.join(out, file)) || !start || !launch) {
        throw failure([instance], () => `said it wrote ${file ?? 'a result'}, which is not in ${out}`);
      }
      return { plan: instance.plan, file: path.join(out, file), log: instance.log, launch, start };
    });
    return { group: barrier.group, instances: results, warnings };
  } catch (error) {
    killAll();
    barrier.fail((error as Error).message);
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    served?.stopListening();
    if (runDir !== undefined) rmSync(runDir, { recursive: true, force: true });
  }
}
