import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, describe, expect, it } from 'vitest';

import { buildFigures, renderSvg } from '../ts/output/plot.js';
import { findFonts, PNG_ZOOM, svgToPng } from '../ts/output/png.js';
import { textWidthPx } from '../ts/output/text-width.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { syntheticSuite } from './helpers/fixtures.js';
import { decodePng, pixelsUnlike, readPng } from './helpers/png.js';

const WHITE = [255, 255, 255] as const;

function svgSize(svg: string): { width: number; height: number } {
  const match = /^<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  if (!match) throw new Error('no width and height on the SVG');
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** Where vega draws a figure's title: its first line, at the top left (in SVG pixels). */
const TITLE_REGION = { x: 0, y: 0, width: 300, height: 16 };

function scaled(area: typeof TITLE_REGION, zoom: number): typeof TITLE_REGION {
  return { x: area.x * zoom, y: area.y * zoom, width: area.width * zoom, height: area.height * zoom };
}

describe('PNG figures', () => {
  const records = [
    { file: 'host.json', record: syntheticSuite('1', 1) },
    { file: 'guest.json', record: syntheticSuite('4', 1.2) },
  ];

  it('draws a figure at twice its SVG size with its title in real glyphs, which a missing font would leave out', async () => {
    const svg = await renderSvg(buildFigures(records).find((figure) => figure.name === 'mem')!.spec);
    const { width, height } = svgSize(svg);
    const image = decodePng(svgToPng(svg));
    expect([image.width, image.height]).toEqual([width * PNG_ZOOM, height * PNG_ZOOM]);
    const title = scaled(TITLE_REGION, PNG_ZOOM);
    // "Memory: memcpy (thesis fig. 6.2)" in bold 13 px: hundreds of dark pixels at twice the size.
    expect(pixelsUnlike(image, WHITE, title)).toBeGreaterThan(500);
    // The same SVG without a font: resvg draws no text at all, and the region stays white.
    expect(pixelsUnlike(decodePng(svgToPng(svg, [])), WHITE, title)).toBe(0);
  });

  it('lays text out with the widths DejaVu Sans really has', () => {
    const fonts = findFonts();
    const measured = (text: string, bold: boolean) => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="60"><text x="0" y="40" font-family="DejaVu Sans" font-size="20" font-weight="${bold ? 'bold' : 'normal'}" xml:space="preserve">H${text}H</text></svg>`;
      const bracket = `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="60"><text x="0" y="40" font-family="DejaVu Sans" font-size="20" font-weight="${bold ? 'bold' : 'normal'}">HH</text></svg>`;
      const width = (source: string) => new Resvg(source, { font: { loadSystemFonts: false, fontFiles: fonts } }).getBBox()!.width;
      return width(svg) - width(bracket);
    };
    for (const [text, bold] of [
      ['mem 256K', false],
      ["time / baseline's time (log scale)", false],
      ['4 Vanilla Linux1/KVM/GuestOS1', false],
      ['Overhead relative to the baseline, 1 Vanilla Linux1', true],
    ] as const) {
      // Never narrower than the glyphs (the text would be clipped), at most 2 % wider (kerning pairs the table leaves out).
      const ratio = textWidthPx(text, 20, bold) / measured(text, bold);
      expect(ratio, text).toBeGreaterThan(0.995);
      expect(ratio, text).toBeLessThan(1.02);
    }
  });

  it('says what to install when the font is missing', () => {
    const temp = tempDir();
    try {
      expect(() => findFonts([temp.dir])).toThrow(/DejaVu Sans .* install it \(Debian, Ubuntu: apt-get install fonts-dejavu-core\)/);
    } finally {
      temp.cleanup();
    }
  });
});

describe('mintbench plot --format png', () => {
  const temp = tempDir();
  afterAll(() => {
    temp.cleanup();
  });

  it('writes one PNG per figure, each twice the size of its SVG', () => {
    writeFileSync(path.join(temp.dir, 'a.json'), JSON.stringify(syntheticSuite('1', 1)));
    writeFileSync(path.join(temp.dir, 'b.json'), JSON.stringify(syntheticSuite('4', 1.2)));
    const png = path.join(temp.dir, 'png');
    const svg = path.join(temp.dir, 'svg');
    const result = runCli(['plot', temp.dir, '--out', png, '--format', 'png']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(png).sort()).toEqual(['cpu.png', 'io.png', 'mem.png']);
    expect(runCli(['plot', temp.dir, '--out', svg]).status).toBe(0);
    for (const name of ['cpu', 'io', 'mem']) {
      const image = readPng(path.join(png, `${name}.png`));
      const size = svgSize(readFileSync(path.join(svg, `${name}.svg`), 'utf8'));
      expect([image.width, image.height], name).toEqual([size.width * PNG_ZOOM, size.height * PNG_ZOOM]);
      expect(pixelsUnlike(image, WHITE, scaled(TITLE_REGION, PNG_ZOOM)), name).toBeGreaterThan(300);
    }
  });
});
