// SVG figures to PNG with resvg (Rust, prebuilt per platform), in Node and without a browser. resvg
// draws text only with fonts it is given, and draws none at all without: it gets DejaVu Sans from the
// system (Debian's fonts-dejavu-core), looked for before any work, so a PNG never lacks its text.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';

/** Where distributions put DejaVu Sans: Debian and Ubuntu, Fedora, Arch. */
const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu-sans-fonts', '/usr/share/fonts/TTF'];
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];
const FONT_FAMILY = 'DejaVu Sans';
/** What draws the PNG figures, for the report's list of versions. */
export const PNG_RENDERER = `resvg-js ${(createRequire(import.meta.url)('@resvg/resvg-js/package.json') as { version: string }).version}`;
/** Twice the SVG's size: sharp on slides and high-density screens. */
export const PNG_ZOOM = 2;

/** The DejaVu Sans files (regular and bold) in the first of `dirs` that has both; throws saying what to install. */
export function findFonts(dirs: readonly string[] = FONT_DIRS): string[] {
  for (const dir of dirs) {
    const files = FONT_FILES.map((name) => path.join(dir, name));
    if (files.every((file) => existsSync(file))) return files;
  }
  throw new Error(
    `PNG figures need the DejaVu Sans font (${FONT_FILES.join(', ')}) in one of ${dirs.join(', ')}: install it (Debian, Ubuntu: apt-get install fonts-dejavu-core)`,
  );
}

/** Renders SVG text to PNG bytes at PNG_ZOOM, on white, with DejaVu Sans for every sans-serif text. */
export function svgToPng(svg: string, fonts: readonly string[] = findFonts()): Buffer {
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: PNG_ZOOM },
    font: { loadSystemFonts: false, fontFiles: [...fonts], defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}
