import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { buildFigures, EMULATED_MARK, renderSvg, type Figure, type FigureBar } from '../ts/output/plot.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { emulated, syntheticRecord, syntheticSuite } from './helpers/fixtures.js';

const K = 1024;
const SIZES = [256 * K, 512 * K, 1024 * K];

function figure(figures: Figure[], name: string): Figure {
  const found = figures.find((f) => f.name === name);
  if (!found) throw new Error(`no figure ${name} among ${figures.map((f) => f.name).join(', ')}`);
  return found;
}

function bar(f: Figure, config: string, size: string): FigureBar {
  const found = f.bars.filter((b) => b.config === config && b.size === size);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The spec's rows: one per bar (`kind: 'bar'`) and one per run's dot (`kind: 'run'`). */
function specValues(f: Figure, kind: 'bar' | 'run' = 'bar'): (FigureBar & { kind: string; runMs: number })[] {
  return (f.spec.data as { values: (FigureBar & { kind: string; runMs: number })[] }).values.filter((value) => value.kind === kind);
}

/** Bars in a rendered figure: vega labels every bar mark item with the ARIA role description "bar". */
function svgBars(svg: string): number {
  return svg.match(/aria-roledescription="bar"/g)?.length ?? 0;
}

/** Dots (one per run) in a rendered figure. */
function svgPoints(svg: string): number {
  return svg.match(/aria-roledescription="point"/g)?.length ?? 0;
}

describe('plot figures', () => {
  const records = [
    { file: 'host.json', record: syntheticSuite('1', 1) },
    { file: 'guest-a.json', record: syntheticSuite('4', 1.2, { instance: 'a' }) },
    { file: 'guest-b.json', record: syntheticSuite('4', 1.4, { instance: 'b' }) },
    { file: 'laptop.json', record: syntheticSuite('laptop', 2) },
  ];

  it('draws one figure per workload with one bar per configuration and size, holding the mean and 95 % interval', () => {
    const figures = buildFigures(records);
    expect(figures.map((f) => f.name)).toEqual(['cpu', 'mem', 'io']);
    const mem = figure(figures, 'mem');
    expect(mem.bars).toHaveLength(3 * 3);
    // 10, 12, 14 ms: mean 12 ms, s = 2 ms, t(0.975, 2) = 4.302653 → ± 4.302653 × 2/√3 = ± 4.968 ms.
    const host = bar(mem, '1', '256K');
    expect(host.meanMs).toBeCloseTo(12, 9);
    expect(host.ciLowerMs).toBeCloseTo(12 - 4.968, 2);
    expect(host.ciUpperMs).toBeCloseTo(12 + 4.968, 2);
    expect(host.configText).toBe('1 Vanilla Linux1');
    expect(bar(mem, '1', '1M').meanMs).toBeCloseTo(36, 9);
    // Configuration 4's two instances are two runs: 6 repetitions, mean of the run means (1.2 + 1.4) / 2 × 24 ms.
    const guest = bar(mem, '4', '512K');
    expect(guest.repetitions).toBe(6);
    expect(guest.runs).toBe(2);
    expect(guest.files).toBe(2);
    expect(guest.meanMs).toBeCloseTo(1.3 * 24, 9);
    // Its error bar spans the runs: run means 28.8 and 33.6 ms, sd 3.394113, t(0.975, 1) = 12.706205:
    // ± 12.706205 × 3.394113 / √2 = ± 30.494892 ms.
    expect(guest.basis).toBe('runs');
    expect(guest.ciLowerMs).toBeCloseTo(31.2 - 30.494892, 4);
    expect(guest.ciUpperMs).toBeCloseTo(31.2 + 30.494892, 4);
    // One dot per run, at its mean.
    expect(guest.runMeansMs.map((ms) => Number(ms.toFixed(9)))).toEqual([28.8, 33.6]);
    expect(
      specValues(mem, 'run')
        .filter((dot) => dot.configText === guest.configText && dot.size === '512K')
        .map((dot) => Number(dot.runMs.toFixed(9))),
    ).toEqual([28.8, 33.6]);
    expect(host.basis).toBe('repetitions');
    expect(mem.subtitle.join('\n')).toContain("one run of configuration 1, laptop: its error bar spans that run's repetitions only");
    expect(guest.configText).toBe('4 Vanilla Linux1/KVM/GuestOS1');
    expect(bar(mem, 'laptop', '256K').configText).toBe('laptop');
    // The spec draws exactly these bars, sizes in the thesis's order.
    expect(specValues(mem).map((v) => [v.config, v.size, v.meanMs])).toEqual(mem.bars.map((b) => [b.config, b.size, b.meanMs]));
    expect(mem.spec).toMatchObject({ facet: { column: { field: 'size', sort: ['256K', '512K', '1M'] } } });
    const cpu = figure(figures, 'cpu');
    expect(cpu.bars.map((b) => [b.config, b.size])).toEqual([
      ['1', '-'],
      ['4', '-'],
      ['laptop', '-'],
    ]);
    expect(bar(cpu, 'laptop', '-').meanMs).toBeCloseTo(200, 9);
    expect(cpu.spec).not.toHaveProperty('facet');
  });

  it('renders SVG with one bar mark per configuration and size and the axis title in milliseconds', async () => {
    const figures = buildFigures(records);
    const mem = await renderSvg(figure(figures, 'mem').spec);
    expect(mem.startsWith('<svg')).toBe(true);
    expect(svgBars(mem)).toBe(9);
    // A dot per run: 1, 4 (two instances) and laptop at three sizes.
    expect(svgPoints(mem)).toBe(4 * 3);
    expect(mem).toContain('mean time per repetition (ms)');
    expect(mem).toContain('thesis fig. 6.2');
    expect(mem).not.toContain(EMULATED_MARK);
    expect(svgBars(await renderSvg(figure(figures, 'cpu').spec))).toBe(3);
  });

  it('says EMULATED (TCG) in the title and subtitle of figures with a configuration run under emulation', async () => {
    const figures = buildFigures([records[0]!, { file: 'tcg.json', record: emulated(syntheticSuite('4', 1.2)) }]);
    for (const f of figures) {
      expect(f.title).toContain(EMULATED_MARK);
      expect(f.subtitle.join('\n')).toContain(`${EMULATED_MARK}: configuration 4 `);
      expect(bar(f, '4', f.bars[0]!.size).configText).toBe(`4 Vanilla Linux1/KVM/GuestOS1 — ${EMULATED_MARK}`);
      expect(bar(f, '1', f.bars[0]!.size).emulated).toBe(false);
    }
    const svg = await renderSvg(figure(figures, 'io').spec);
    expect(svg).toContain(`${EMULATED_MARK}: configuration 4`);
    // The warning in the record is enough too.
    const warned = syntheticSuite('5', 1);
    warned.warnings = [{ code: 'emulated', message: 'the CPU is emulated', remedy: 'run on hardware' }];
    expect(figure(buildFigures([{ file: 'w.json', record: warned }]), 'cpu').title).toContain(EMULATED_MARK);
  });

  it('draws runs with different work per repetition as separate figures, named by their work', () => {
    const longer = syntheticRecord('2', [{ workload: 'cpu', sizeBytes: null, seconds: [0.2, 0.2] }]);
    const cpuRun = longer.runs[0]!;
    cpuRun.parameters = { ...cpuRun.parameters, increments: 2000 };
    const figures = buildFigures([records[0]!, { file: 'long.json', record: longer }]);
    expect(figures.map((f) => f.name)).toEqual(['cpu-1000increments', 'cpu-2000increments', 'mem', 'io']);
    expect(figure(figures, 'cpu-2000increments').subtitle[0]).toBe('2,000 register increments per repetition');
  });

  it('draws mix runs in a figure of their own, one panel per size', () => {
    const mix = syntheticRecord(
      '1',
      SIZES.map((size) => ({ workload: 'io' as const, sizeBytes: size, seconds: [0.03, 0.05] })),
    );
    for (const run of mix.runs) {
      run.workload = 'mix';
      run.parameters = { ...run.parameters, ratio: { reads: 1, increments: 1, copies: 1 }, increments: 1000, copies: 10 };
    }
    const figures = buildFigures([records[0]!, { file: 'mix.json', record: mix }]);
    const figureMix = figure(figures, 'mix');
    expect(figures.map((f) => f.name)).toEqual(['cpu', 'mem', 'io', 'mix']);
    expect(figureMix.bars.map((b) => [b.config, b.size, b.meanMs])).toEqual([
      ['1', '256K', 40],
      ['1', '512K', 40],
      ['1', '1M', 40],
    ]);
    expect(figureMix.subtitle[0]).toBe('4 random reads, 1,000 register increments, 10 memcpy calls of each size per repetition');
  });
});

describe('mintbench plot', () => {
  let cleanup = (): void => undefined;
  afterEach(() => {
    cleanup();
  });

  function resultsDir(): string {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const good = JSON.stringify(syntheticSuite('1', 1));
    writeFileSync(path.join(temp.dir, 'a-host.json'), good);
    writeFileSync(path.join(temp.dir, 'b-guest.json'), JSON.stringify(emulated(syntheticSuite('4', 1.2))));
    return temp.dir;
  }

  it('writes one SVG per workload, atomically, and says which', () => {
    const dir = resultsDir();
    const out = path.join(dir, 'figures', 'new');
    const result = runCli(['plot', dir, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual(['cpu', 'mem', 'io'].map((name) => path.join(out, `${name}.svg`)));
    expect(readdirSync(out).sort()).toEqual(['cpu.svg', 'io.svg', 'mem.svg']);
    const io = readFileSync(path.join(out, 'io.svg'), 'utf8');
    expect(svgBars(io)).toBe(2 * 3);
    expect(io).toContain(EMULATED_MARK);
    // Drawn again into the same directory: replaced, no temp file left behind.
    expect(runCli(['plot', dir, '--out', out]).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['cpu.svg', 'io.svg', 'mem.svg']);
  });

  it('names every corrupt, truncated or foreign file on stderr, still plots the good ones and exits 1', () => {
    const dir = resultsDir();
    const good = readFileSync(path.join(dir, 'a-host.json'), 'utf8');
    const bad = {
      'c-truncated.json': good.slice(0, Math.floor(good.length / 2)),
      'd-garbage.json': '\u0000\u00ff not json at all',
      'e-foreign.json': JSON.stringify({ name: 'some other tool', results: [1, 2, 3] }),
      'f-empty.json': '',
      'g-bad-seconds.json': good.replace('"seconds": 0.1', '"seconds": "0.1"').replace('"seconds":0.1', '"seconds":"0.1"'),
      // A machine description of the wrong shape is refused like any malformed field.
      'h-odd-machine.json': JSON.stringify({ ...syntheticSuite('7', 1.1), machine: 'a string, not an object', warnings: [null, 5] }),
    };
    for (const [name, text] of Object.entries(bad)) writeFileSync(path.join(dir, name), text);
    const out = path.join(dir, 'figures');
    const result = runCli(['plot', dir, '--out', out]);
    expect(result.status).toBe(1);
    for (const name of Object.keys(bad)) expect(result.stderr).toContain(`skipped ${path.join(dir, name)}: `);
    expect(result.stderr).toContain(`skipped ${path.join(dir, 'h-odd-machine.json')}: machine: `);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    const mem = readFileSync(path.join(out, 'mem.svg'), 'utf8');
    expect(svgBars(mem)).toBe(2 * 3);
  });

  it('exits 1 without writing anything when no file is readable', () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    writeFileSync(path.join(temp.dir, 'bad.json'), '{"schema": "mintbench-result"');
    const out = path.join(temp.dir, 'figures');
    const result = runCli(['plot', temp.dir, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`skipped ${path.join(temp.dir, 'bad.json')}: is not valid JSON`);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an --out that exists and is not a directory, and an unknown format, before reading anything', () => {
    const dir = resultsDir();
    const file = path.join(dir, 'a-host.json');
    const before = readFileSync(file, 'utf8');
    const result = runCli(['plot', dir, '--out', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `mintbench: Expected a directory this user can create files in for --out but received ${JSON.stringify(file)} (it exists and is not a directory)\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe(before);
    const format = runCli(['plot', dir, '--out', path.join(dir, 'figures'), '--format', 'pdf']);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('Expected one of svg, png, vega-lite for format but received "pdf"');
  });

  it('writes the vega-lite specs with --format vega-lite', () => {
    const dir = resultsDir();
    const out = path.join(dir, 'specs');
    expect(runCli(['plot', dir, '--out', out, '--format', 'vega-lite']).status).toBe(0);
    const spec = JSON.parse(readFileSync(path.join(out, 'cpu.vl.json'), 'utf8')) as { data: { values: (FigureBar & { kind: string })[] } };
    const bars = spec.data.values.filter((v) => v.kind === 'bar');
    expect(bars.map((v) => v.config)).toEqual(['1', '4']);
    expect(bars[0]!.meanMs).toBeCloseTo(100, 9);
    expect(bars[1]!.meanMs).toBeCloseTo(120, 9);
    expect(spec.data.values.filter((v) => v.kind === 'run')).toHaveLength(2);
  });
});
