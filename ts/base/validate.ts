// Checks of user-supplied values, before any work starts. Each failure is a UsageError.
import { expected } from './errors.js';

/** An integer in [min, max]; rejects NaN, fractions, infinities and values beyond 2^53. */
export function integer(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
    throw expected(range, name, value);
  }
  return value;
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw expected(`one of ${allowed.join(', ')}`, name, value);
  }
  return value as T;
}

/** A CPU index this process may run on: one of `allowed` (its affinity mask), or any up to 65535 where that is unknown. */
export function cpuIndex(name: string, value: unknown, allowed: readonly number[] | undefined): number {
  const cpu = integer(name, value, 0, 65_535);
  if (allowed !== undefined && !allowed.includes(cpu)) {
    throw expected(`a CPU this process may run on (${allowed.join(', ')})`, name, value);
  }
  return cpu;
}

/** A duration in seconds, above 0 and at most `max`. */
export function seconds(name: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw expected(`seconds above 0 and at most ${max}`, name, value);
  }
  return value;
}
