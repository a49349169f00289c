// An interleaved campaign: K rounds, each running every arm once, one after the other, in a freshly
// randomized order (randomized multiple interleaved trials: Abedi and Brecht, ICPE 2017), so a slow
// phase of a shared machine falls on every configuration alike. The orders are counterbalanced: each
// arm runs in each position of a round equally often, so that what the position itself costs (the
// run after another one finds caches and the disk in another state) cannot pass for a difference. An arm is any program (a label and an
// argv); each run is a fresh process that learns its place from the variables in contract.ts and
// writes its own result file, so a campaign that is stopped keeps every run it completed.
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';

import { diesWithParent } from '../base/die-with-parent.js';
import { campaignVariables } from './contract.js';

export interface CampaignArm {
  /** The configuration label its runs are recorded under (passed as MINTBENCH_CAMPAIGN_ARM). */
  label: string;
  /** One run of the arm: the program and its arguments. */
  argv: readonly string[];
}

export interface CampaignRun {
  round: number;
  position: number;
  label: string;
  /** The child's exit code, or null when a signal ended it (then `signal` names it). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  seconds: number;
  /** It ran past the campaign's run timeout and was stopped. */
  timedOut: boolean;
}

export type CampaignEvent = { kind: 'start'; round: number; position: number; label: string } | ({ kind: 'end' } & CampaignRun);

/** How long one run may take before the campaign stops it: an hour (a config run's own default timeout is half that). */
export const DEFAULT_RUN_TIMEOUT_SECONDS = 3600;
/** How long a stopped run has, after SIGTERM, to write what it completed before SIGKILL. */
const STOP_GRACE_MS = 10_000;

export interface CampaignOptions {
  arms: readonly CampaignArm[];
  rounds: number;
  /** A run still going after this long is stopped (SIGTERM, SIGKILL after a grace) and fails (default DEFAULT_RUN_TIMEOUT_SECONDS). */
  runTimeoutSeconds?: number;
  /** Default: a new id from the UTC time and random bits (newCampaignId). */
  id?: string;
  /** Directory the runs write their result files to (MINTBENCH_CAMPAIGN_OUT); unset: each run's own default. */
  out?: string;
  /** Stops the campaign: the run under way gets SIGTERM (a mintbench run then writes what it completed), no further run starts. */
  signal?: AbortSignal;
  /** Told before and after every run. */
  onRun?: (event: CampaignEvent) => void;
  /** Integers in [0, n) for the shuffles (default: node:crypto's randomInt); tests pass their own. */
  randomBelow?: (n: number) => number;
  /** The children's stdout: ignored by default (each run's record is in its result file); stderr is always inherited. */
  stdout?: 'ignore' | 'inherit';
  /** Base environment of the children (default process.env); the campaign's variables are added to it. */
  env?: NodeJS.ProcessEnv;
}

export interface CampaignOutcome {
  id: string;
  /** Every run started, in order. */
  runs: CampaignRun[];
  /** Each round's order of labels, as run (the last one may be cut short). */
  order: string[][];
  /** The signal stopped it before all rounds ran. */
  stopped: boolean;
  /** The run that failed (exit code other than 0), after which no further run started. */
  failed?: CampaignRun;
}

/** `20261126T171513Z-9f2c01ab`: sorts by time and never repeats. */
export function newCampaignId(now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(4).toString('hex')}`;
}

/** A uniformly random permutation (Fisher–Yates) drawn with `randomBelow`. */
export function shuffled<T>(items: readonly T[], randomBelow: (n: number) => number = randomInt): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = randomBelow(i + 1);
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}

/**
 * The order of each of `rounds` rounds: in every block of n rounds (n arms) the rows of a Latin
 * square, the n rotations of a random permutation in a random order, so that each arm runs in each
 * position once per block; a last, partial block takes the first of its shuffled rotations.
 */
export function roundOrders<T>(arms: readonly T[], rounds: number, randomBelow: (n: number) => number = randomInt): T[][] {
  const orders: T[][] = [];
  while (orders.length < rounds) {
    const permutation = shuffled(arms, randomBelow);
    const rotations = permutation.map((_, shift) => [...permutation.slice(shift), ...permutation.slice(0, shift)]);
    orders.push(...shuffled(rotations, randomBelow).slice(0, rounds - orders.length));
  }
  return orders;
}

interface ChildOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
}

/**
 * Runs `argv` as a child with `env` and waits for it. The child gets its own process group, so a
 * Ctrl-C at the terminal reaches only the campaign, which forwards exactly one SIGTERM (a second
 * signal would make a mintbench run quit without writing); if this process exits first, the child's
 * process group is killed, and if it is killed (SIGKILL, the OOM killer), the kernel kills the child
 * (diesWithParent: the child itself, not what it started). A child still going after `timeoutSeconds`
 * is stopped the same way, then its group killed if it outlasts the grace.
 */
function runChild(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  stdout: 'ignore' | 'inherit',
  timeoutSeconds: number,
  signal?: AbortSignal,
): Promise<ChildOutcome> {
  const [program, ...args] = argv;
  if (program === undefined) return Promise.reject(new Error('Expected a program for argv but received none'));
  return new Promise((resolve, reject) => {
    const tied = diesWithParent(program, args);
    const child = spawn(tied.program, tied.args, { env, stdio: ['ignore', stdout, 'inherit'], detached: true });
    // One SIGTERM at most, whether the deadline or an abort asks first.
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      child.kill('SIGTERM');
    };
    // The whole process group: an arm that is a script takes what it started with it.
    const killOnExit = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    };
    signal?.addEventListener('abort', stop, { once: true });
    process.on('exit', killOnExit);
    let timedOut = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
      graceTimer = setTimeout(killOnExit, STOP_GRACE_MS);
    }, timeoutSeconds * 1000);
    const release = (): void => {
      clearTimeout(timer);
      clearTimeout(graceTimer);
      signal?.removeEventListener('abort', stop);
      process.off('exit', killOnExit);
    };
    child.on('error', (error) => {
      release();
      reject(error);
    });
    child.on('exit', (exitCode, exitSignal) => {
      release();
      resolve({ exitCode, signal: exitSignal, timedOut });
    });
  });
}

/**
 * Checks every arm before the first round: each runs once with MINTBENCH_CAMPAIGN_CHECK=1 and must exit
 * 0 without measuring. Returns the labels whose check failed (their own messages are on stderr).
 */
export async function checkArms(
  options: Pick<CampaignOptions, 'arms' | 'out' | 'env' | 'runTimeoutSeconds'> & { id: string },
): Promise<string[]> {
  const failed: string[] = [];
  for (const [index, arm] of options.arms.entries()) {
    const variables = campaignVariables({ id: options.id, round: 1, position: index + 1 }, arm.label, options.out, true);
    const env = { ...(options.env ?? process.env), ...variables };
    const outcome = await runChild(arm.argv, env, 'ignore', options.runTimeoutSeconds ?? DEFAULT_RUN_TIMEOUT_SECONDS);
    if (outcome.exitCode !== 0 || outcome.timedOut) failed.push(arm.label);
  }
  return failed;
}

/**
 * Runs the campaign: `rounds` rounds, each every arm once in a fresh random, counterbalanced order
 * (roundOrders), one run at a time.
 * Stops early when `signal` aborts (the run under way is stopped and keeps what it completed) or when a
 * run fails. Arms are not checked here: call checkArms first.
 */
export async function runCampaign(options: CampaignOptions): Promise<CampaignOutcome> {
  const id = options.id ?? newCampaignId();
  const outcome: CampaignOutcome = { id, runs: [], order: [], stopped: false };
  const orders = roundOrders(options.arms, options.rounds, options.randomBelow);
  for (const [roundIndex, order] of orders.entries()) {
    const round = roundIndex + 1;
    outcome.order.push(order.map((arm) => arm.label));
    for (const [index, arm] of order.entries()) {
      if (options.signal?.aborted) {
        outcome.stopped = true;
        return outcome;
      }
      const position = index + 1;
      options.onRun?.({ kind: 'start', round, position, label: arm.label });
      const startedMs = performance.now();
      const env = { ...(options.env ?? process.env), ...campaignVariables({ id, round, position }, arm.label, options.out) };
      const timeoutSeconds = options.runTimeoutSeconds ?? DEFAULT_RUN_TIMEOUT_SECONDS;
      const child = await runChild(arm.argv, env, options.stdout ?? 'ignore', timeoutSeconds, options.signal);
      const run: CampaignRun = { round, position, label: arm.label, ...child, seconds: (performance.now() - startedMs) / 1000 };
      outcome.runs.push(run);
      options.onRun?.({ kind: 'end', ...run });
      if (options.signal?.aborted) {
        outcome.stopped = true;
        return outcome;
      }
      if (run.exitCode !== 0 || run.timedOut) {
        outcome.failed = run;
        return outcome;
      }
    }
  }
  return outcome;
}
