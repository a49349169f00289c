// Tables that fit a terminal: compare and reproduce print no line wider than 120 columns, measured in
// terminal columns (not string length), with short verdicts explained once below the table; --wide
// gives every column as before, csv and json every field, and --env all every machine difference.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { printReproduction } from '../ts/commands/reproduce.js';
import { environmentChanges } from '../ts/compare/environment.js';
import { COMPARISON_HEADER, SHORT_COMPARISON_HEADER, TERMINAL_COLUMNS } from '../ts/output/compare-format.js';
import { displayWidth, padToWidth } from '../ts/output/text-width.js';
import type { ResultRecord } from '../ts/results/schema.js';
import { writeRecord, type LoadedRecord } from '../ts/results/store.js';
import { runCliPairs, type CliResult } from './helpers/cli.js';
import { root, tempDir } from './helpers/files.js';
import { emulated, fixtureMachine, syntheticRecord } from './helpers/fixtures.js';

const REFERENCE = path.join(root, 'results', 'reference', 'aa-2core-vm');
const K = 1024;

/** The lines of `text` wider than a terminal of TERMINAL_COLUMNS, with their widths. */
function overWide(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => displayWidth(line) > TERMINAL_COLUMNS)
    .map((line) => `${displayWidth(line)}: ${line}`);
}

/** The cells of a table line (columns are two spaces or more apart). */
const cells = (line: string) => line.trim().split(/ {2,}/);

describe('display width', () => {
  it('counts terminal columns: wide characters 2, combining marks 0, ×, ± and – 1', () => {
    expect(displayWidth('1.20× slower ±5 % (0.9–1.1)')).toBe(27);
    expect(displayWidth('基准')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('🙂')).toBe(2);
    expect('🙂'.length).toBe(2);
    // String padding pads to a length, which is not a width.
    expect(displayWidth('基准'.padEnd(6))).toBe(8);
    expect(displayWidth(padToWidth('基准', 6))).toBe(6);
  });
});

describe('compare results/reference/aa-2core-vm --baseline 1', () => {
  let runs: Record<string, CliResult> = {};
  beforeAll(async () => {
    const compare = ['compare', REFERENCE, '--baseline', '1'];
    runs = await runCliPairs({
      table: compare,
      wide: [...compare, '--wide'],
      markdown: [...compare, '--format', 'markdown'],
      csv: [...compare, '--format', 'csv'],
      csvWide: [...compare, '--format', 'csv', '--wide'],
      json: [...compare, '--format', 'json'],
      jsonWide: [...compare, '--format', 'json', '--wide'],
    });
    for (const [name, run] of Object.entries(runs)) expect(run.status, `${name}: ${run.stderr}`).toBe(0);
  });

  it('prints no line over 120 columns, table or markdown', () => {
    expect(overWide(runs.table!.stdout)).toEqual([]);
    expect(overWide(runs.markdown!.stdout)).toEqual([]);
  });

  it('gives each verdict in a few words, and what those shown mean once below the table', () => {
    const lines = runs.table!.stdout.split('\n');
    const at = lines.findIndex((line) => line.startsWith('workload'));
    expect(cells(lines[at]!)).toEqual(SHORT_COMPARISON_HEADER);
    const guest = lines.find((line) => /^cpu {2,}- {2,}4 /.test(line))!;
    expect(cells(guest)).toEqual(['cpu', '-', '4', '4×5', '176.008 ms ±15.8 %', '0.974 (0.87–1.08)', 'inconclusive: +24 runs', 'equal']);
    const body = lines.slice(at + 2, lines.indexOf('', at));
    expect(body).toHaveLength(14);
    for (const line of body) expect(line).toMatch(/ {2}(baseline|inconclusive: \+\d+ runs?)( {2}|$)/);
    // The legend says what inconclusive means, once, and nothing of verdicts that are not shown.
    const legend = runs.table!.stdout.slice(runs.table!.stdout.lastIndexOf('\n\n')).replace(/\n {2}/g, ' ');
    expect(legend.match(/^inconclusive: \+N runs: /gm)).toHaveLength(1);
    expect(legend).not.toMatch(/^(one run|equal ±5 %|N× slower|N× faster):/m);
    expect(legend).toMatch(/^!: UNSTABLE: /m);
    expect(runs.table!.stdout).toMatch(/^configurations: 4 Vanilla Linux1\/KVM\/GuestOS1$/m);
  });

  it('gives the wide table with --wide: every column and the verdicts in full, as before', () => {
    const lines = runs.wide!.stdout.split('\n');
    expect(cells(lines.find((line) => line.startsWith('workload'))!)).toEqual(COMPARISON_HEADER);
    const guest = lines.find((line) => /^cpu {2,}- {2,}4 Vanilla Linux1\/KVM\/GuestOS1 /.test(line))!;
    expect(cells(guest)).toEqual([
      'cpu',
      '-',
      '4 Vanilla Linux1/KVM/GuestOS1',
      '4×5',
      '176.008 ms ±15.8 %',
      '9.9 % / 9.9 %',
      '44.5 %',
      '3',
      '0.974 (0.87–1.08) 4 rounds',
      'inconclusive (0.87–1.08): about 24 more rounds',
      'equal',
    ]);
    expect(overWide(runs.wide!.stdout).length).toBeGreaterThan(0);
  });

  it('keeps every field in csv and json, --wide or not', () => {
    expect(runs.csvWide!.stdout).toBe(runs.csv!.stdout);
    expect(runs.jsonWide!.stdout).toBe(runs.json!.stdout);
    const [header, ...rows] = runs.csv!.stdout.trimEnd().split('\r\n');
    expect(header!.split(',')).toEqual(expect.arrayContaining(['run_cv', 'between_run_share', 'recommended_reps_per_run', 'verdict_text']));
    expect(rows.filter((row) => row.includes('inconclusive (0.87–1.08): about 24 more rounds'))).toHaveLength(1);
    const json = JSON.parse(runs.json!.stdout) as { rows: { verdict: { text: string } }[] };
    expect(json.rows.map((row) => row.verdict.text)).toContain('inconclusive (0.87–1.08): about 24 more rounds');
  });
});

describe('environment differences between a host and a guest', () => {
  const temp = tempDir();
  let runs: Record<string, CliResult> = {};
  const host = syntheticRecord('1', [{ workload: 'cpu', sizeBytes: null, seconds: [1, 1.01, 0.99] }]);
  host.machine = fixtureMachine('bare-metal');
  const guest = syntheticRecord('4', [{ workload: 'cpu', sizeBytes: null, seconds: [1.1, 1.11, 1.09] }]);
  guest.machine = fixtureMachine('kvm');
  // A guest whose TSC reports no frequency at all: the host's list of them against an empty one.
  guest.machine.tsc.reported = [];
  const all = environmentChanges(
    [host, guest].map((record) => ({ record })),
    '1',
  )[0]!.changes;

  beforeAll(async () => {
    writeRecord(host, temp.dir);
    writeRecord(guest, temp.dir);
    const compare = ['compare', temp.dir, '--baseline', '1'];
    runs = await runCliPairs({ key: compare, all: [...compare, '--env', 'all'], bad: [...compare, '--env', 'some'] });
  });
  afterAll(temp.cleanup);

  /** The lines of the environment section, up to the blank line before the table. */
  const section = (stdout: string) => stdout.slice(0, stdout.indexOf('\n\n')).split('\n');

  it('leads with the facts that change numbers and counts the rest', () => {
    expect(runs.key!.status, runs.key!.stderr).toBe(0);
    expect(section(runs.key!.stdout)).toEqual([
      'environment 1 -> 4:',
      '  virtualization.hypervisor: none -> KVM',
      '  cpu.model: 12th Gen Intel(R) Core(TM) i5-12500 -> Intel(R) Xeon(R) Processor',
      '  os.kernel: 6.1.0-18-amd64 -> 6.18.44-fc-v657',
      `  and ${all.length - 3} other differences (--env all)`,
    ]);
    expect(overWide(runs.key!.stdout)).toEqual([]);
  });

  it('gives every difference with --env all, none of them ending in an empty value', () => {
    expect(runs.all!.status, runs.all!.stderr).toBe(0);
    const lines = section(runs.all!.stdout);
    expect(lines[0]).toBe('environment 1 -> 4:');
    expect(lines.slice(1)).toHaveLength(all.length);
    expect(all.length).toBeGreaterThan(15);
    expect(lines).toContain('  tsc.availableClocksources: tsc, hpet, acpi_pm -> tsc, kvm-clock');
    expect(lines).toContain('  tsc.reported: absent -> (none)');
    expect(lines).toContain('  virtualization.cpuidSignatures: (none) -> KVMKVMKVM');
    for (const line of lines.slice(1)) expect(line).not.toMatch(/(->|:)\s*$/);
    // The key facts first there too, in the same order.
    expect(lines.slice(1, 4)).toEqual(section(runs.key!.stdout).slice(1, 4));
  });

  it('refuses another --env', () => {
    expect(runs.bad!.status).toBe(2);
    expect(runs.bad!.stderr).toBe('mintbench: Expected one of key, all for --env but received "some"\n');
  });
});

describe('a one-round reproduce', () => {
  /** One run of every configuration, as `reproduce --rounds 1` leaves them: one campaign, one round, instances of 3, 6 and 7 side by side. */
  function oneRound(): LoadedRecord[] {
    const places: [string, string | undefined, number][] = [
      ['1', undefined, 1],
      ['2', undefined, 1.02],
      ['3', 'a', 1.1],
      ['3', 'b', 1.12],
      ['4', undefined, 1.16],
      ['5', undefined, 1.2],
      ['6', 'a', 1.3],
      ['6', 'b', 1.31],
      ['7', 'a', 1.4],
      ['7', 'b', 1.45],
    ];
    const positions = [...new Set(places.map(([label]) => label))];
    return places.map(([label, instance, factor]) => {
      const times = (seconds: number[]) => seconds.map((s) => s * factor);
      let record: ResultRecord = syntheticRecord(
        label,
        [
          { workload: 'cpu', sizeBytes: null, seconds: times([0.1, 0.101, 0.099]) },
          { workload: 'mem', sizeBytes: 256 * K, seconds: times([0.01, 0.0102, 0.0099]) },
          { workload: 'io', sizeBytes: 256 * K, seconds: times([0.02, 0.021, 0.0195]) },
        ],
        {
          ...(instance === undefined ? {} : { instance }),
          campaign: { id: 'c1', round: 1, position: positions.indexOf(label) + 1 },
        },
      );
      // The guests ran under TCG, as on a machine without KVM.
      if (Number(label) >= 4) record = emulated(record);
      return { file: `${label}${instance ?? ''}.json`, record };
    });
  }

  function printed(wide: boolean): string {
    const chunks: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      printReproduction(oneRound(), 0.05, 'table', { wide, env: 'key' });
    } finally {
      write.mockRestore();
    }
    return chunks.join('');
  }

  it('prints no line over 120 columns, and says once a table what "one run" means', () => {
    const out = printed(false);
    expect(overWide(out)).toEqual([]);
    const headings = out.split('\n').filter((line) => line.startsWith('== '));
    expect(headings).toHaveLength(5);
    expect(out).toMatch(/^WARNING: 4, 5, 6, 7 ran on an EMULATED CPU .*\n {2}.*KVM$/m);
    // Every ratio is "one run", and its meaning is said once per table rather than on every row.
    expect(out.match(/ one run$/gm)!.length).toBeGreaterThan(20);
    expect(out.match(/^one run: a side has a single run/gm)).toHaveLength(5);
    expect(out).not.toContain('no verdict: one run');
    expect(out).toMatch(/^interference: /m);
  });

  it('prints the wide tables with --wide', () => {
    const out = printed(true);
    expect(out.match(/no verdict: one run, so the spread between runs is unknown/g)!.length).toBeGreaterThan(20);
    expect(out).toMatch(/vs solo 2: 1\.\d\d× \(one run: no verdict\)/);
    expect(overWide(out).length).toBeGreaterThan(0);
  });
});
