// The configuration a run was made in: one of the thesis's seven (table 5.1) or a free label,
// with an instance for runs made at the same time and a free note.
import { expected } from '../base/errors.js';
import { CATALOGUE } from './catalogue.js';

export interface CatalogueEntry {
  id: number;
  /** The thesis's name for it. */
  name: string;
  description: string;
}

/** Thesis table 5.1 (catalogue.ts): the id, name and description of each of the seven. */
export const CONFIGURATIONS: readonly CatalogueEntry[] = CATALOGUE.map(({ id, name, description }) => ({ id, name, description }));

/**
 * The solo configuration of each concurrent one (catalogue.ts): the same setup with one instance running
 * alone, so that an instance's time over the solo time is what running beside the other instance costs
 * (the interference ratio, which the thesis leaves implicit).
 */
export const DEFAULT_SOLO: Readonly<Record<string, string>> = Object.fromEntries(
  CATALOGUE.flatMap((row) => (row.solo === undefined ? [] : [[String(row.id), String(row.solo)]])),
);

/** Label of runs made without --config. */
export const UNLABELLED = 'unlabelled';
const LABEL_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._+/-]{0,63}$/u;
const INSTANCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/;
const MAX_NOTE_CHARS = 1000;

export interface Configuration {
  /** "1".."7" for the catalogue's configurations, else the free label. Runs are grouped by it. */
  label: string;
  /** Catalogue id, name and description when the label is one of the thesis's seven. */
  id?: number;
  name?: string;
  description?: string;
  /** Which of the runs made at the same time (e.g. the two guests of configurations 6 and 7): a, b, ... */
  instance?: string;
  note?: string;
}

interface ConfigurationInput {
  config?: string | number;
  instance?: string;
  note?: string;
}

/** Resolves --config, --instance and --note into a Configuration, refusing what cannot be a label. */
export function resolveConfiguration(input: ConfigurationInput = {}): Configuration {
  const label = String(input.config ?? UNLABELLED).trim();
  const entry = CONFIGURATIONS.find((c) => String(c.id) === label);
  let configuration: Configuration;
  if (entry) {
    configuration = { label, id: entry.id, name: entry.name, description: entry.description };
  } else if (LABEL_PATTERN.test(label) && !/^\d+$/.test(label)) {
    configuration = { label };
  } else {
    throw expected(
      `a configuration id from 1 to ${CONFIGURATIONS.length} (see mintbench configs) or a free label of letters, digits, space and ._+/- (at most 64, not only digits)`,
      'config',
      input.config,
    );
  }
  if (input.instance !== undefined) {
    if (!INSTANCE_PATTERN.test(input.instance))
      throw expected('an instance name of letters, digits, _ and - (at most 16), e.g. a or b', 'instance', input.instance);
    configuration.instance = input.instance;
  }
  if (input.note !== undefined) {
    if (input.note.length > MAX_NOTE_CHARS)
      throw expected(`a note of at most ${MAX_NOTE_CHARS} characters`, 'note', `${input.note.slice(0, 20)}…`);
    configuration.note = input.note;
  }
  return configuration;
}

/** "4 Vanilla Linux1/KVM/GuestOS1" for a catalogue configuration, else the free label. */
export function describeConfiguration(configuration: Pick<Configuration, 'label' | 'name'>): string {
  return configuration.name === undefined ? configuration.label : `${configuration.label} ${configuration.name}`;
}
