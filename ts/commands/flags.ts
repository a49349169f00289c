// The command line names options by the flags a user types; the API by its own names. A UsageError
// from the API is renamed here, once, on its way out of a command.
import { UsageError } from '../base/errors.js';

/** API option → flag, where every command agrees. */
const FLAGS: Readonly<Record<string, string>> = {
  repetitions: '--reps',
  warmup: '--warmup',
  cpu: '--cpu',
  config: '--config',
  instance: '--instance',
  note: '--note',
  sizes: '--sizes',
  device: '--device',
  seed: '--seed',
  ratio: '--ratio',
  reads: '--reads',
  increments: '--increments',
  copies: '--copies',
  iterations: '--iterations',
  baseline: '--baseline',
  format: '--format',
  margin: '--margin',
  env: '--env',
  solo: '--solo',
  runs: '--runs',
  out: '--out',
  arm: '--arm',
  rounds: '--rounds',
  campaign: '--campaign',
  sync: '--sync',
  'sync-timeout': '--sync-timeout',
};

/** mem and io take their per-repetition count as --iterations. */
export const MEM_FLAGS = { copies: '--iterations' } as const;
export const IO_FLAGS = { reads: '--iterations' } as const;

/** `handler` with its usage errors naming flags: FLAGS, then the command's own `flags` over them. */
export function namingFlags<A>(handler: (args: A) => unknown, flags: Readonly<Record<string, string>> = {}): (args: A) => Promise<void> {
  const names = { ...FLAGS, ...flags };
  return async (args: A) => {
    try {
      await handler(args);
    } catch (error) {
      throw error instanceof UsageError ? error.renameOption(names) : error;
    }
  };
}
