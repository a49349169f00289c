// `mintbench campaign`: configurations compared by interleaved rounds of runs, each arm a mintbench
// run command; the campaign itself (ts/campaign/) takes any program as an arm.
import { defineCommand } from './define.js';

import { expected } from '../base/errors.js';
import { integer, oneOf, seconds } from '../base/validate.js';
import { DEFAULT_RUN_TIMEOUT_SECONDS, type CampaignArm } from '../campaign/campaign.js';
import { DEFAULT_MINTBENCH_COMMAND, type RemoteArm } from '../campaign/fleet.js';
import { readInventory, type Inventory } from '../campaign/inventory.js';
import { parseSshTarget } from '../campaign/ssh.js';
import { COMPARE_FORMATS } from '../output/compare-format.js';
import { resolveConfiguration } from '../results/configs.js';
import { DEFAULT_RESULTS_DIR } from '../results/store.js';
import { CLI_PATH } from '../base/version.js';
import { MAX_ROUNDS, reportCampaign } from './campaign-report.js';
import { namingFlags } from './flags.js';
import { marginOption, tableView, withComparison, withCsvRaw } from './options.js';

/** The commands an arm may run: the ones that measure and write one result file. */
export const ARM_COMMANDS = ['suite', 'mix', 'cpu', 'mem', 'io'] as const;
/** Set by the campaign for every run (its label, its directory, one run each): an arm may not set them itself. */
const CAMPAIGN_OWNED_OPTIONS = ['config', 'out', 'runs'] as const;
/** The thesis's evaluation, a few rounds: enough for a first verdict, short enough to wait for (about 20 s per run). */
export const DEFAULT_ROUNDS = 5;

/** Words of a command line: split at white space, except inside '...' or "..." (no other shell syntax). */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (const char of text) {
    if (quote !== null) {
      if (char === quote) quote = null;
      else word = (word ?? '') + char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? '') + char;
  }
  if (quote !== null) throw expected('balanced quotes', 'arm', text);
  if (word !== null) words.push(word);
  return words;
}

/** `LABEL=COMMAND [OPTIONS]` or `LABEL@HOST=COMMAND [OPTIONS]`: the label, the host if any, and the command's words. */
function splitArm(text: string): { label: string; host?: string; words: string[] } {
  const separator = text.indexOf('=');
  if (separator < 1) throw expected('LABEL=COMMAND or LABEL@HOST=COMMAND, e.g. 1=suite', 'arm', text);
  const head = text.slice(0, separator);
  // Labels have no @, so the first one ends the label; HOST may have its own (user@host).
  const at = head.indexOf('@');
  const label = resolveConfiguration({ config: at < 0 ? head : head.slice(0, at) }).label;
  const words = splitWords(text.slice(separator + 1));
  const [command, ...options] = words;
  if (command === undefined || !(ARM_COMMANDS as readonly string[]).includes(command)) {
    throw expected(`a run command (${ARM_COMMANDS.join(', ')}) after ${head}=`, 'arm', text);
  }
  const owned = options.find((word) => CAMPAIGN_OWNED_OPTIONS.some((name) => word === `--${name}` || word.startsWith(`--${name}=`)));
  if (owned !== undefined) {
    throw expected(`no ${CAMPAIGN_OWNED_OPTIONS.map((name) => `--${name}`).join(', ')} (the campaign sets them)`, 'arm', text);
  }
  return { label, ...(at < 0 ? {} : { host: head.slice(at + 1) }), words };
}

/** `LABEL=COMMAND [OPTIONS]`, e.g. `1=suite --reps 5`, as an arm that runs this mintbench. */
export function parseArm(text: string): CampaignArm {
  const { label, host, words } = splitArm(text);
  if (host !== undefined) throw expected('an arm of this host (LABEL=COMMAND)', 'arm', text);
  return { label, argv: [process.execPath, CLI_PATH, ...words] };
}

/**
 * The arms of one --arm: one here (`LABEL=COMMAND`), or on a host (`LABEL@HOST=COMMAND`): HOST an
 * inventory host, an inventory group (one arm per host, labelled LABEL/HOST), or `[user@]host[:port]`
 * (with an inventory, only as user@host: a name it does not know is refused as a likely typo).
 */
export function parseArms(text: string, mintbenchCommand: string, inventory?: Inventory): (CampaignArm | RemoteArm)[] {
  const { label, host, words } = splitArm(text);
  if (host === undefined) return [{ label, argv: [process.execPath, CLI_PATH, ...words] }];
  const listed = inventory?.resolve(host);
  if (listed === undefined) {
    if (inventory !== undefined && !host.includes('@')) {
      throw expected('a host or group of the inventory, or user@host', 'arm', text);
    }
    return [{ label, target: parseSshTarget(host), mintbenchCommand, words }];
  }
  if (listed.hosts.length === 0) throw expected('a group with hosts', 'arm', text);
  return listed.hosts.map((member) => ({
    label: listed.group ? resolveConfiguration({ config: `${label}/${member.target.name}` }).label : label,
    target: member.target,
    mintbenchCommand: member.mintbenchCommand ?? mintbenchCommand,
    words,
  }));
}

export function command() {
  return defineCommand(
    (c) =>
      withCsvRaw(withComparison(c))
        .option('arm', {
          type: 'string',
          array: true,
          requiresArg: true,
          demandOption: true,
          describe:
            'LABEL=COMMAND: a configuration label and the mintbench run command that measures it, e.g. 1=suite (twice or more); LABEL@[user@]host[:port]=COMMAND runs it on that host over SSH',
        })
        .option('rounds', { type: 'number', requiresArg: true, default: DEFAULT_ROUNDS, describe: 'rounds: runs of each arm' })
        .option('run-timeout', {
          type: 'number',
          requiresArg: true,
          default: DEFAULT_RUN_TIMEOUT_SECONDS,
          describe: 'seconds a run may take; one still going is stopped and the campaign ends with exit 1',
        })
        .option('out', {
          type: 'string',
          requiresArg: true,
          default: DEFAULT_RESULTS_DIR,
          describe: 'directory every run writes its result file to',
        })
        .option('inventory', {
          type: 'string',
          requiresArg: true,
          describe: 'an Ansible inventory (read with ansible-inventory): HOST in LABEL@HOST=COMMAND may be its host or group',
        })
        .option('ssh-config', {
          type: 'string',
          requiresArg: true,
          describe: "an ssh_config file for every ssh call (ssh -F), instead of the user's ~/.ssh/config",
        })
        .option('mintbench-command', {
          type: 'string',
          requiresArg: true,
          default: DEFAULT_MINTBENCH_COMMAND,
          describe: "the shell command that starts mintbench on the hosts of LABEL@HOST arms (an inventory host's mintbench_command wins)",
        })
        .option('baseline', { type: 'string', requiresArg: true, describe: "configuration to compare against [default: the first arm's]" }),
    namingFlags(async (args) => {
      const mintbenchCommand = args['mintbench-command'];
      if (mintbenchCommand.trim() === '')
        throw expected('a command that starts mintbench on the hosts', 'mintbench-command', mintbenchCommand);
      const inventory = args.inventory === undefined ? undefined : readInventory(args.inventory);
      const arms = args.arm.flatMap((text) => parseArms(text, mintbenchCommand, inventory));
      const labels = arms.map((arm) => arm.label);
      if (arms.length < 2)
        throw expected('two arms or more (a single configuration: a run command with --runs K)', 'arm', args.arm.join(' '));
      const repeated = labels.find((label, i) => labels.indexOf(label) !== i);
      if (repeated !== undefined) throw expected('a different label for every arm', 'arm', repeated);
      const baseline = args.baseline === undefined ? labels[0] : resolveConfiguration({ config: args.baseline }).label;
      if (baseline === undefined || !labels.includes(baseline))
        throw expected(`one of the arms' labels (${labels.join(', ')})`, 'baseline', args.baseline);
      await reportCampaign({
        arms,
        ...(args['ssh-config'] === undefined ? {} : { sshConfig: args['ssh-config'] }),
        rounds: integer('rounds', args.rounds, 1, MAX_ROUNDS),
        runTimeoutSeconds: seconds('run-timeout', args.runTimeout, 7 * 86_400),
        out: args.out,
        baseline,
        margin: marginOption(args.margin),
        format: oneOf('format', args.format, COMPARE_FORMATS),
        csvRaw: args['csv-raw'],
        view: tableView(args),
      });
    }),
  );
}
