// Errors the user can fix: exit code 2, one line, no stack trace.
// Bad values share one shape: "Expected <what> for <name> but received <value>".

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A UsageError for a bad value of option `name`: what was received and what is allowed, then an
 * optional `remedy` in parentheses (why it failed, or how to fix it).
 */
export function expected(allowed: string, name: string, received: unknown, remedy?: string): UsageError {
  const tail = remedy === undefined ? '' : ` (${remedy})`;
  return new UsageError(`Expected ${allowed} for ${name} but received ${describe(received)}${tail}`);
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
