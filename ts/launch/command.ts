// The mintbench command an instance runs (config run's `-- COMMAND`, default `suite`), and the
// options the launcher adds to it: the configuration, the instance, the disk, the core, the barrier.
import { expected } from '../base/errors.js';

/** The commands that make a result file. */
export const RUN_COMMANDS = ['suite', 'cpu', 'mem', 'io', 'mix'] as const;
/** Those that read a disk, and so are given --device. */
const READING_COMMANDS: readonly string[] = ['suite', 'io', 'mix'];
/** Options the launcher sets itself: a COMMAND that sets them would contradict the configuration. */
const LAUNCHER_OPTIONS = ['--config', '--instance', '--device', '--cpu', '--node', '--sync', '--sync-timeout', '--out'];

/** The words after `--`, checked: a run command and its own options. Default: suite. */
export function checkCommand(words: readonly string[]): string[] {
  if (words.length === 0) return ['suite'];
  const [name] = words;
  if (!(RUN_COMMANDS as readonly string[]).includes(name ?? '')) {
    throw expected(`a mintbench run command (${RUN_COMMANDS.join(', ')})`, 'COMMAND', name);
  }
  const clash = words.find((word) => LAUNCHER_OPTIONS.some((option) => word === option || word.startsWith(`${option}=`)));
  if (clash !== undefined) {
    throw expected(`options other than ${LAUNCHER_OPTIONS.join(', ')} (config run sets them)`, 'COMMAND', clash);
  }
  return [...words];
}

export interface InstanceOptions {
  config: number;
  instance: string | undefined;
  /** The disk as the instance sees it. */
  device: string;
  cpu: number | undefined;
  node: string | undefined;
  sync: string;
  syncTimeoutSeconds: number;
  out: string;
}

/** `command` with the launcher's options after it. */
export function instanceCommand(command: readonly string[], options: InstanceOptions): string[] {
  const words = [...command, '--config', String(options.config)];
  if (options.instance !== undefined) words.push('--instance', options.instance);
  if (READING_COMMANDS.includes(command[0] ?? '')) words.push('--device', options.device);
  if (options.cpu !== undefined) words.push('--cpu', String(options.cpu));
  if (options.node !== undefined) words.push('--node', options.node);
  words.push('--sync', options.sync, '--sync-timeout', String(options.syncTimeoutSeconds), '--out', options.out, '--quiet');
  return words;
}
