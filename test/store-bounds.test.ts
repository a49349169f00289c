// Bounded reading of result files: too large ones are refused unread, too deep ones unparsed, each
// named in one line and skipped like any bad file. bench/reading.ts times it; nothing here is timed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';

import { depthExceededAt } from '../ts/base/json-depth.js';
import { resultRecordSchema } from '../ts/results/schema.js';
import {
  DEFAULT_MAX_RESULT_FILE_BYTES,
  loadRecords,
  MAX_RESULT_DEPTH,
  readRecord,
  ResultFileError,
  writeRecord,
} from '../ts/results/store.js';
import { runCli } from './helpers/cli.js';
import { root, useTempDir } from './helpers/files.js';
import { HOSTILE_DEPTH, HUGE_BYTES, writeHostileFiles } from './helpers/hostile-results.js';
import { syntheticRecord } from './helpers/fixtures.js';
import { straceSkipReason } from './helpers/strace.js';

/** strace options: follow threads, quiet, filter in the kernel, every call that takes a path. */
const STRACE = ['-f', '-qq', '--seccomp-bpf', '-e', 'trace=%file'];
const straceSkip = straceSkipReason(STRACE);

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** How deep a value of `schema` can nest arrays and objects (records: their values). */
function schemaDepth(schema: z.ZodType): number {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (key: string) => schemaDepth(def[key] as z.ZodType);
  switch (def.type) {
    case 'object':
      return 1 + Math.max(0, ...Object.values(def.shape as Record<string, z.ZodType>).map(schemaDepth));
    case 'array':
      return 1 + inner('element');
    case 'record':
      return 1 + inner('valueType');
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return inner('innerType');
    case 'union':
      return Math.max(...(def.options as z.ZodType[]).map(schemaDepth));
    case 'pipe':
      return Math.max(inner('in'), inner('out'));
    default:
      return 0;
  }
}

/** How deep a parsed JSON value nests arrays and objects. */
function valueDepth(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(valueDepth));
}

describe('the bracket scan', () => {
  it('counts arrays and objects, and finds the first bracket past the bound', () => {
    expect(depthExceededAt(bytes('[[[]]]'), 3)).toBe(-1);
    expect(depthExceededAt(bytes('[[[]]]'), 2)).toBe(2);
    expect(depthExceededAt(bytes('{"a":[{"b":1}]}'), 3)).toBe(-1);
    expect(depthExceededAt(bytes('{"a":[{"b":1}]}'), 2)).toBe(6);
    expect(depthExceededAt(bytes('[1,[2],[3],[4]]'), 2)).toBe(-1);
    expect(depthExceededAt(bytes(`${'['.repeat(HOSTILE_DEPTH)}${']'.repeat(HOSTILE_DEPTH)}`), MAX_RESULT_DEPTH)).toBe(MAX_RESULT_DEPTH);
  });

  it('skips brackets inside strings, escaped quotes and multi-byte characters included', () => {
    expect(depthExceededAt(bytes('["[[[[", "\\"[[[[", "{{é[[ü", "\\\\"]'), 1)).toBe(-1);
    // The escaped backslash ends the string: the bracket after it counts.
    expect(depthExceededAt(bytes('["\\\\",[1]]'), 1)).toBe(6);
  });

  it('leaves room for the schema to grow: the bound is four times the deepest record the schema allows', () => {
    const depth = schemaDepth(resultRecordSchema);
    // runs[].series[].repetitions[] objects: a walk that missed them would find less.
    expect(depth).toBeGreaterThanOrEqual(7);
    expect(MAX_RESULT_DEPTH).toBeGreaterThanOrEqual(4 * depth);
    const fixture = readFileSync(path.join(root, 'test', 'fixtures', 'results', 'v1-suite.json'), 'utf8');
    expect(valueDepth(JSON.parse(fixture))).toBeLessThanOrEqual(depth);
  });
});

describe('reading within bounds', () => {
  const dir = useTempDir();
  let good = '';
  let goodBytes = 0;
  let deep = '';
  let huge = '';

  beforeAll(() => {
    good = writeRecord(syntheticRecord('1', [{ workload: 'cpu', sizeBytes: null, seconds: [1, 1.1, 0.9] }]), dir());
    goodBytes = readFileSync(good).length;
    ({ deep, huge } = writeHostileFiles(dir()));
  });

  function refusal(file: string, limits: Parameters<typeof readRecord>[1] = {}): ResultFileError {
    try {
      readRecord(file, limits);
    } catch (error) {
      if (error instanceof ResultFileError) return error;
      throw error;
    }
    throw new Error(`${file} was read`);
  }

  it('reads a file of exactly the bound, and refuses one byte more unread, saying its size and the bound', () => {
    expect(readRecord(good, { maxFileBytes: goodBytes }).configuration.label).toBe('1');
    expect(refusal(good, { maxFileBytes: goodBytes - 1 }).reason).toBe(
      `is ${goodBytes} bytes, over the bound of ${goodBytes - 1}B (--max-file-size): not read`,
    );
    expect(refusal(huge).reason).toBe(`is ${HUGE_BYTES} bytes, over the bound of 64M (--max-file-size): not read`);
    expect(DEFAULT_MAX_RESULT_FILE_BYTES).toBe(64 * 1024 ** 2);
  });

  it('refuses a file nested past the bound before parsing it, naming where', () => {
    expect(refusal(deep).reason).toBe(
      `nests arrays and objects deeper than ${MAX_RESULT_DEPTH} levels (at byte ${MAX_RESULT_DEPTH}), far deeper than a result record: not parsed`,
    );
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const fifo = path.join(dir(), 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(fifo).reason).toBe('is a FIFO, not a result file: not read');
  });

  it('keeps only the records asked for, and lists the bad files (a FIFO in a directory is not listed)', () => {
    const other = writeRecord(syntheticRecord('2', [{ workload: 'cpu', sizeBytes: null, seconds: [1, 1.2, 1.1] }]), dir());
    const { records, errors } = loadRecords([dir()], { keep: (record) => record.configuration.label === '2' });
    expect(records.map(({ file }) => file)).toEqual([other]);
    expect(errors.map((error) => path.basename(error.file)).sort()).toEqual(['deep.json', 'huge.json']);
  });
});

describe('compare over hostile files, through the CLI', () => {
  const dir = useTempDir();
  let results = '';

  beforeAll(() => {
    results = path.join(dir(), 'results');
    writeRecord(syntheticRecord('1', [{ workload: 'cpu', sizeBytes: null, seconds: [1, 1.1, 0.9] }]), results);
    writeRecord(syntheticRecord('2', [{ workload: 'cpu', sizeBytes: null, seconds: [2, 2.2, 1.8] }]), results);
    writeHostileFiles(results);
  });

  it('names the 200 MiB file and the 100,000-deep one in one line each, compares the rest, and exits 1', () => {
    const result = runCli(['compare', results, '--baseline', '1']);
    expect(result.status).toBe(1);
    const skipped = result.stderr.split('\n').filter((line) => line.startsWith('mintbench: skipped '));
    expect(skipped).toEqual([
      `mintbench: skipped ${path.join(results, 'deep.json')}: nests arrays and objects deeper than ${MAX_RESULT_DEPTH} levels (at byte ${MAX_RESULT_DEPTH}), far deeper than a result record: not parsed`,
      `mintbench: skipped ${path.join(results, 'huge.json')}: is ${HUGE_BYTES} bytes, over the bound of 64M (--max-file-size): not read`,
    ]);
    // The good records are compared: configuration 2's row is there.
    expect(result.stdout).toMatch(/^cpu\b.*\b2 Mint OS node0\b/m);
  });

  it.skipIf(straceSkip !== undefined)(
    `never opens the file over the bound, as strace sees every path compare names ${straceSkip ? `(skipped: ${straceSkip})` : ''}`,
    () => {
      const log = path.join(dir(), 'strace.log');
      const result = runCli(['compare', results, '--baseline', '1'], {}, ['strace', ...STRACE, '-o', log]);
      expect(result.status).toBe(1);
      const calls = readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line.includes('huge.json'));
      // Listed and stat'ed; never opened.
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.filter((line) => /\bopen(at)?\(/.test(line))).toEqual([]);
      // The good files and the deep one are opened, so the trace did see opens.
      expect(readFileSync(log, 'utf8')).toMatch(/openat\([^)]*deep\.json/);
    },
  );

  it('takes --max-file-size on every command that reads result files, and refuses a bad one by name', () => {
    for (const command of ['compare', 'export', 'plot', 'report']) {
      expect(runCli([command, '--help']).stdout, command).toMatch(/--max-file-size\s+skip result files larger than this/);
    }
    const csv = path.join(dir(), 'out.csv');
    const exported = runCli(['export', results, '--csv', csv, '--max-file-size', '1K']);
    expect(exported.status).toBe(1);
    expect(exported.stderr).toMatch(/skipped .*-1-suite-.*\.json: is \d+ bytes, over the bound of 1K \(--max-file-size\): not read/);
    // Refused as the command line is parsed (hence yargs' "see mintbench --help"), before any file is read.
    const bad = runCli(['report', results, '--out', path.join(dir(), 'report'), '--max-file-size', 'lots']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      'mintbench: Expected a positive size such as 4096, 256K, 512KiB or 1M for --max-file-size but received "lots" (see mintbench --help)\n',
    );
  });
});
