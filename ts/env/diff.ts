// Which environment fields differ between two configurations, as dotted field names
// ("virtualization.hypervisor: none -> KVM"). Pure.

export interface EnvironmentChange {
  field: string;
  from: string;
  to: string;
}

/**
 * Fields that differ between any two runs, even on one machine: measurement noise, not
 * configuration. (The hostname stays: it tells two machines apart, and on one machine it does not differ.)
 */
const NOISY_FIELDS: readonly string[] = [
  'tsc.calibrationR2',
  'tsc.calibrationSeconds',
  'tsc.calibrationSamples',
  'tsc.calibrationSamplesKept',
  'tsc.overheadTicks',
  'tsc.overheadNs',
  'tsc.relativeDifference',
  'load',
  'virtualization.evidence',
];

/** Calibrated frequencies closer than this are the same counter measured twice. */
const CALIBRATED_HZ_TOLERANCE = 0.01;
const TOLERANT_FIELDS: Record<string, number> = { 'tsc.calibratedHz': CALIBRATED_HZ_TOLERANCE };

function matches(field: string, name: string): boolean {
  return field === name || field.endsWith(`.${name}`) || field.startsWith(`${name}.`) || field.includes(`.${name}.`);
}

/** What an empty string or list prints as, so that no line ends in nothing after its arrow. */
const NONE = '(none)';

function formatValue(value: unknown): string {
  if (value === null) return 'n/a';
  if (typeof value === 'string') return value === '' ? NONE : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Leaves of a plain JSON value: objects by key, arrays of objects by index, other arrays joined. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null)) {
    value.forEach((item, i) => {
      flatten(item, `${prefix}.${i}`, out);
    });
  } else if (Array.isArray(value)) {
    out.set(prefix, value.length === 0 ? NONE : value.map(formatValue).join(', '));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) flatten(item, prefix === '' ? key : `${prefix}.${key}`, out);
  } else {
    out.set(prefix, value);
  }
}

function same(field: string, a: unknown, b: unknown): boolean {
  const tolerance = Object.entries(TOLERANT_FIELDS).find(([name]) => matches(field, name))?.[1];
  if (tolerance !== undefined && typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
}

export function diffEnvironments(a: object, b: object): EnvironmentChange[] {
  const before = new Map<string, unknown>();
  const after = new Map<string, unknown>();
  flatten(a, '', before);
  flatten(b, '', after);
  const fields = [...new Set([...before.keys(), ...after.keys()])];
  return fields
    .filter((field) => !NOISY_FIELDS.some((name) => matches(field, name)))
    .filter((field) => !same(field, before.get(field), after.get(field)))
    .map((field) => ({
      field,
      from: before.has(field) ? formatValue(before.get(field)) : 'absent',
      to: after.has(field) ? formatValue(after.get(field)) : 'absent',
    }));
}
