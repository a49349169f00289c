import { describe, expect, it } from 'vitest';

import { compareRecords } from '../ts/compare/compare.js';
import { renderComparison } from '../ts/output/compare-format.js';
import type { ResultRecord } from '../ts/results/schema.js';
import { syntheticRecord } from './helpers/fixtures.js';

const MIB = 1024 * 1024;

/** A record of config `label` with one direct and one buffered io series at 1 MiB, and a cpu series. */
function record(label: string): ResultRecord {
  const made = syntheticRecord(label, [
    { workload: 'io', sizeBytes: MIB, seconds: [1, 1.01, 0.99] },
    { workload: 'io', sizeBytes: MIB, seconds: [0.1, 0.11, 0.09] },
    { workload: 'cpu', sizeBytes: null, seconds: [2, 2.02, 1.98] },
  ]);
  const buffered = made.runs[1];
  if (!buffered) throw new Error('synthetic record without its second run');
  buffered.parameters.direct = false;
  return made;
}

describe('compare: direct and buffered reads', () => {
  const rows = compareRecords(
    [
      { file: 'a.json', record: record('1') },
      { file: 'b.json', record: record('4') },
    ],
    '1',
  );

  it('keeps them apart and says which is which on each row', () => {
    expect(rows.map((row) => [row.workload, row.direct, row.config, Number(row.stats.meanSeconds.toFixed(6))])).toEqual([
      ['cpu', null, '1', 2],
      ['cpu', null, '4', 2],
      ['io', true, '1', 1],
      ['io', true, '4', 1],
      ['io', false, '1', 0.1],
      ['io', false, '4', 0.1],
    ]);
  });

  it('shows buffered beside the size in the table and Markdown, and a direct column in CSV and JSON', () => {
    const sizes = (text: string) =>
      text
        .split('\n')
        .filter((line) => /^\|? ?io /.test(line))
        .map((line) => line.split(/\s{2,}| \| /)[1]);
    expect(sizes(renderComparison(rows, 'table', 'host'))).toEqual(['1M', '1M', '1M buffered', '1M buffered']);
    expect(sizes(renderComparison(rows, 'markdown', 'host'))).toEqual(['1M', '1M', '1M buffered', '1M buffered']);
    const csv = renderComparison(rows, 'csv', 'host').split('\r\n');
    const column = csv[0]?.split(',').indexOf('direct') ?? -1;
    expect(column).toBeGreaterThan(0);
    expect(csv.slice(1, 7).map((line) => line.split(',')[column])).toEqual(['', '', 'true', 'true', 'false', 'false']);
    const json = JSON.parse(renderComparison(rows, 'json', 'host')) as { rows: { direct: boolean | null }[] };
    expect(json.rows.map((row) => row.direct)).toEqual([null, null, true, true, false, false]);
  });
});
