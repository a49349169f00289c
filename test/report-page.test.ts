// The report as a reader gets it: index.html opened in a real headless browser (Debian's chromium).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { compareRecords } from '../ts/compare/compare.js';
import { COMPARISON_HEADER, comparisonCells } from '../ts/output/compare-format.js';
import { loadReference } from '../ts/results/reference.js';
import { launchChromium } from './helpers/browser.js';
import { runCliAsync, type CliResult } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { syntheticSuite } from './helpers/fixtures.js';
import { decodePng, pixelsUnlike } from './helpers/png.js';

const FIGURES = ['overhead', 'cpu', 'mem', 'io'];

describe('mintbench report, read in a browser', () => {
  const temp = tempDir();
  const out = path.join(temp.dir, 'report');
  // Two runs of each configuration, so that compare gives verdicts.
  const records = [
    { file: path.join(temp.dir, 'a-host-1.json'), record: syntheticSuite('1', 1) },
    { file: path.join(temp.dir, 'a-host-2.json'), record: syntheticSuite('1', 1.02) },
    { file: path.join(temp.dir, 'b-guest-1.json'), record: syntheticSuite('4', 1.2, { note: 'a <b>guest</b> & | its note' }) },
    { file: path.join(temp.dir, 'b-guest-2.json'), record: syntheticSuite('4', 1.23, { note: 'a <b>guest</b> & | its note' }) },
  ];
  let result: CliResult;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    for (const { file, record } of records) writeFileSync(file, JSON.stringify(record));
    // The report and the browser's start-up overlap; each takes a few seconds on a loaded machine.
    const [report, launched] = await Promise.all([runCliAsync(['report', temp.dir, '--out', out]), launchChromium()]);
    result = report;
    browser = launched;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser.close();
    temp.cleanup();
  });

  it('writes index.html, report.md and each figure as SVG and PNG, and says where', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([path.join(out, 'index.html'), path.join(out, 'report.md')]);
    expect(readdirSync(out).sort()).toEqual(
      ['index.html', 'report.md', ...FIGURES.flatMap((name) => [`${name}.png`, `${name}.svg`])].sort(),
    );
  });

  it('loads without console errors, scripts or requests beyond the page itself', async () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(path.join(out, 'index.html')).href]);
    expect(await page.locator('script').count()).toBe(0);
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
  });

  it("has every row of compare's table, cell for cell", async () => {
    const rows = compareRecords(records, '1', { reference: loadReference() });
    const trs = await page.locator('#section-comparison table tbody tr').all();
    const shown = await Promise.all(trs.map((tr) => tr.locator('td').allTextContents()));
    expect(shown).toEqual(rows.map(comparisonCells));
    // The thesis column: KVM guest vs host at 1 MB memcpy, about 20 % slower.
    expect(shown.find((cells) => cells[0] === 'mem' && cells[1] === '1M' && cells[2]?.startsWith('4') === true)?.at(-1)).toBe(
      '≈1.20× slower',
    );
  });

  it('shows every figure, inline, with a size', async () => {
    const figures = page.locator('figure');
    expect(await Promise.all((await figures.all()).map((figure) => figure.getAttribute('id')))).toEqual(
      FIGURES.map((name) => `figure-${name}`),
    );
    for (const name of FIGURES) {
      const svg = page.locator(`#figure-${name} > svg`);
      expect(await svg.isVisible()).toBe(true);
      const box = await svg.boundingBox();
      expect(box?.width, name).toBeGreaterThan(100);
      expect(box?.height, name).toBeGreaterThan(100);
    }
  });

  it('draws the overhead chart: its screenshot is not blank', async () => {
    const chart = page.locator('#figure-overhead > svg');
    const shot = decodePng(await chart.screenshot());
    expect(shot.width).toBeGreaterThan(100);
    // Marks, text and lines: far more than a few stray pixels off the white background.
    const drawn = pixelsUnlike(shot, [255, 255, 255], { x: 0, y: 0, width: shot.width, height: shot.height });
    expect(drawn).toBeGreaterThan(0.01 * shot.width * shot.height);
    expect(await chart.textContent()).toContain('1.20× slower');
  });

  it('escapes what a result file says, and shows the machines, warnings and every run', async () => {
    expect(await page.locator('#section-summary').textContent()).toContain('a <b>guest</b> & | its note');
    expect(await page.locator('b').count()).toBe(0);
    const machines = (await page.locator('#section-machines_and_warnings').textContent()) ?? '';
    for (const part of ['cpu', 'virtualization', 'timer', 'hypervisor', 'KVM', 'calibrated']) expect(machines).toContain(part);
    // One row per result file, one column per series (cpu, 3 × mem, 3 × io) between file, started, instance, n and migrated.
    const runs = page.locator('#section-runs table');
    expect(await runs.count()).toBe(2);
    expect(await runs.locator('tbody tr').count()).toBe(2 * 2);
    expect(await runs.first().locator('th').allTextContents()).toEqual([
      'result file',
      'started',
      'round',
      'instance',
      'n',
      'cpu',
      'mem 256K',
      'mem 512K',
      'mem 1M',
      'io 256K',
      'io 512K',
      'io 1M',
      'migrated',
    ]);
    expect(await runs.first().locator('tbody td').nth(5).textContent()).toBe('100.000 ms, cv 0.0 %');
    expect(await page.locator('#section-how_it_was_measured').textContent()).toMatch(
      /Vega-Lite \d+\.\d+\.\d+, Vega \d+\.\d+\.\d+, resvg-js \d+/,
    );
  });

  it('writes report.md with the same content, its figures as PNG', () => {
    const markdown = readFileSync(path.join(out, 'report.md'), 'utf8');
    for (const name of FIGURES) expect(markdown).toContain(`](${name}.png)`);
    expect(markdown).toContain(`| ${COMPARISON_HEADER.join(' | ')} |`);
    expect(markdown).toContain('≈1.20× slower');
    expect(markdown).toContain('a \\<b\\>guest\\</b\\> \\& \\| its note');
    for (const heading of ['## Summary', '## Machines and warnings', '## Comparison', '## Overhead', '## Runs', '## How it was measured'])
      expect(markdown).toContain(`\n${heading}\n`);
  });
});
