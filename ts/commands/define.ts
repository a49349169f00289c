// How a command module declares its options and what it does. Its name and description are in
// ./table.ts, so that the help lists every command without importing any.
import type { ArgumentsCamelCase, Argv } from 'yargs';

export interface CommandBody<U = unknown> {
  builder(y: Argv): Argv<U>;
  /** None for a command that only groups subcommands (config, guest). */
  handler?(args: ArgumentsCamelCase<U>): void | Promise<void>;
}

/** The options (`builder`) and the action (`handler`) of a command, typed together. */
export function defineCommand<U>(
  builder: (y: Argv) => Argv<U>,
  handler?: (args: ArgumentsCamelCase<U>) => void | Promise<void>,
): CommandBody<U> {
  return handler ? { builder, handler } : { builder };
}
