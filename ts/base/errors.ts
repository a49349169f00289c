// Errors the user can fix: exit code 2, one line, no stack trace.
// Bad values share one shape: "Expected <what> for <name> but received <value>".

export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The option the error is about, as the message names it; undefined when it is about none. */
    public option?: string,
  ) {
    super(message);
  }

  /**
   * Names the option as `names` says (an API option's command-line flag, e.g. repetitions → --reps),
   * in place so that the stack trace stays the thrower's. Options `names` does not list keep their name.
   */
  renameOption(names: Readonly<Record<string, string>>): this {
    const option = this.option;
    const renamed = option === undefined ? undefined : names[option];
    if (option === undefined || renamed === undefined) return this;
    const message = this.message.replace(` for ${option} but received `, ` for ${renamed} but received `);
    this.stack = this.stack?.replace(this.message, message);
    this.message = message;
    this.option = renamed;
    return this;
  }
}

/**
 * A UsageError for a bad value of option `name`: what was received and what is allowed, then an
 * optional `remedy` in parentheses (why it failed, or how to fix it).
 */
export function expected(allowed: string, name: string, received: unknown, remedy?: string): UsageError {
  const tail = remedy === undefined ? '' : ` (${remedy})`;
  return new UsageError(`Expected ${allowed} for ${name} but received ${describe(received)}${tail}`, name);
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}
