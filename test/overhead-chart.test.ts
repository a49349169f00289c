import { describe, expect, it } from 'vitest';

import { compareRecords } from '../ts/compare/compare.js';
import { buildOverheadChart, ratioTicks, SAME_MACHINE_MARK, type OverheadPoint } from '../ts/output/overhead.js';
import { EMULATED_MARK, renderSvg } from '../ts/output/plot.js';
import { loadReference } from '../ts/results/reference.js';
import { syntheticRecord, syntheticSuite } from './helpers/fixtures.js';

/** Two runs of each configuration, the second 2 % slower: ratios stay exactly 0.5, 2 and 4, with intervals over runs. */
const records = [
  ['1', 1],
  ['4', 0.5],
  ['laptop', 2],
  ['big', 4],
].flatMap(([label, factor]) =>
  [1, 1.02].map((slower, run) => ({ file: `${label}-${run}.json`, record: syntheticSuite(String(label), Number(factor) * slower) })),
);

function point(points: readonly OverheadPoint[], config: string, series: string): OverheadPoint {
  const found = points.filter((p) => p.config === config && p.series === series);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** Each point mark's x position and the configuration in its ARIA label, in drawing order. */
function pointMarks(svg: string): { x: number; label: string }[] {
  return [
    ...svg.matchAll(/<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="point" transform="translate\(([-\d.]+),/g),
  ].map((match) => ({ label: match[1]!, x: Number(match[2]) }));
}

describe('the overhead chart', () => {
  const rows = compareRecords(records, '1', { reference: loadReference() });

  it("holds exactly compare's ratio, interval and verdict for every configuration but the baseline, and the thesis's ratio", () => {
    const chart = buildOverheadChart(rows, '1 Vanilla Linux1');
    const compared = rows.filter((row) => !row.isBaseline);
    expect(chart.points).toHaveLength(compared.length);
    expect(chart.points.map((p) => [p.config, p.ratio, p.lower, p.upper])).toEqual(
      compared.map((row) => [row.config, row.comparison!.ratio, row.comparison!.ci95.lower, row.comparison!.ci95.upper]),
    );
    expect(point(chart.points, 'laptop', 'mem 512K').ratio).toBeCloseTo(2, 12);
    // The thesis: KVM guest (4) vs host (1) memcpy at 1 MB about 20 % slower; CPU equal; nothing for free labels.
    const mem1m = point(chart.points, '4', 'mem 1M');
    expect(mem1m.thesisRatio).toBe(1.2);
    expect(mem1m.label).toBe(
      `${rows.find((r) => r.config === '4' && r.workload === 'mem' && r.sizeBytes === 1024 ** 2)!.verdict.text}; thesis: ≈1.20× slower`,
    );
    expect(mem1m.label).toMatch(/^2\.00× faster \(\d\.\d\d–\d\.\d\d\); thesis/);
    expect(point(chart.points, '4', 'cpu').label).toMatch(/; thesis: equal$/);
    expect(point(chart.points, '4', 'mem 256K').thesisRatio).toBeNull();
    expect(point(chart.points, 'laptop', 'io 1M').thesisRatio).toBeNull();
    // The label starts right of both the interval and the thesis's mark.
    expect(mem1m.labelAt).toBe(Math.max(mem1m.upper, 1.2));
    expect(chart.points.map((p) => p.series).slice(0, 7)).toEqual(['cpu', 'cpu', 'cpu', 'mem 256K', 'mem 256K', 'mem 256K', 'mem 512K']);
  });

  it("says what its bars are, as compare decided them: the table's verdicts together, or each on its own (--per-row)", () => {
    const chart = buildOverheadChart(rows, '1 Vanilla Linux1');
    // 3 configurations against the baseline at 7 workloads and sizes.
    expect(chart.subtitle[0]).toMatch(
      /; bar: its interval over runs; verdicts: 95 % over 21 rows \(Bonferroni\), each interval at 99\.76 %$/,
    );
    const perRow = buildOverheadChart(compareRecords(records, '1', { reference: loadReference(), control: 'per-row' }), '1 Vanilla Linux1');
    expect(perRow.subtitle[0]).toMatch(/; bar: its interval over runs; verdicts: 95 % per row \(--per-row\)$/);
    const [wide, narrow] = [chart, perRow].map((c) => point(c.points, 'laptop', 'mem 512K'));
    expect(wide!.ratio).toBe(narrow!.ratio);
    expect(wide!.upper).toBeGreaterThan(narrow!.upper);
    expect(wide!.lower).toBeLessThan(narrow!.lower);
  });

  it('draws each ratio on a log axis, the thesis beside it and the verdict as text', async () => {
    const chart = buildOverheadChart(rows, '1 Vanilla Linux1');
    const svg = await renderSvg(chart.spec);
    const marks = pointMarks(svg);
    const thesisMarks = chart.points.filter((p) => p.thesisRatio !== null).length;
    // 4 against 1: cpu (equal), memcpy at 1 MB and I/O at every size.
    expect(thesisMarks).toBe(5);
    expect(marks).toHaveLength(chart.points.length + thesisMarks);
    // Ratios 0.5, 2 and 4 of every series: on a log axis 2 → 4 spans a third of 0.5 → 4.
    // A ratio's point carries the legend's field (configuration), the thesis's mark does not.
    const x = (config: string) => {
      const at = unique(marks.filter((m) => m.label.endsWith(`; configuration: ${config}`)).map((m) => m.x.toFixed(3)));
      expect(at, config).toHaveLength(1);
      return Number(at[0]);
    };
    const [half, two, four] = [x('4 Vanilla Linux1/KVM/GuestOS1'), x('laptop'), x('big')];
    expect((four - two) / (four - half)).toBeCloseTo(1 / 3, 3);
    expect(svg).toContain('2.00× faster');
    expect(svg).toContain('thesis: ≈1.20× slower');
    expect(svg).toContain("time / baseline's time (log scale)");
    expect(svg).toContain('stroke-dasharray="4,3"');
  });

  it('names the comparisons it cannot draw, and marks emulated configurations', () => {
    const single = syntheticRecord('7', [{ workload: 'cpu', sizeBytes: null, seconds: [0.1] }]);
    const withSingle = compareRecords([...records.slice(0, 4), { file: 'single.json', record: single }], '1', {
      reference: loadReference(),
    });
    const chart = buildOverheadChart(withSingle, '1 Vanilla Linux1', { emulated: new Set(['4']) });
    expect(chart.points.some((p) => p.config === '7')).toBe(false);
    const singleRow = withSingle.find((row) => row.config === '7')!;
    expect(singleRow.comparison).toBeUndefined();
    expect(chart.subtitle.at(-1)).toBe(`not drawn: 7 at cpu (${singleRow.verdict.text})`);
    expect(chart.title).toContain(EMULATED_MARK);
    expect(point(chart.points, '4', 'cpu').configText).toBe(`4 Vanilla Linux1/KVM/GuestOS1 — ${EMULATED_MARK}`);
    expect(buildOverheadChart(withSingle, '1 Vanilla Linux1').title).not.toContain(EMULATED_MARK);
  });

  it("says which configurations ran on a machine described exactly as the baseline's", () => {
    const chart = buildOverheadChart(rows, '1 Vanilla Linux1', { sameMachine: new Set(['laptop']) });
    expect(point(chart.points, 'laptop', 'cpu').configText).toBe(`laptop — ${SAME_MACHINE_MARK}`);
    expect(point(chart.points, 'big', 'cpu').configText).toBe('big');
    expect(chart.subtitle).toContain(
      `${SAME_MACHINE_MARK}: laptop ran on a machine described exactly as the baseline's; what differs there is noise or load, not the configuration`,
    );
  });

  it('labels the ratios a reader knows on both sides of 1, within the span of what it draws', () => {
    const point = (lower: number, ratio: number, upper: number, thesisRatio: number | null = null) =>
      ({ lower, ratio, upper, thesisRatio }) as OverheadPoint;
    expect(ratioTicks([point(0.74, 0.9, 1.65, 1.16)])).toEqual([0.8, 0.9, 1, 1.1, 1.25, 1.5]);
    // The line at 1 is always in the span; a thesis mark widens it.
    expect(ratioTicks([point(1.02, 1.05, 1.08, 1.2)])).toEqual([1, 1.1]);
    // A wide span keeps them apart: no 1.1, 1.25 or 1.5 crowded against 1.
    expect(ratioTicks([point(180, 200, 230)])).toEqual([1, 2, 4, 10, 20, 50, 100, 200]);
  });
});

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
