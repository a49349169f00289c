// Text widths: in pixels for laying out figures, in columns for tables printed to a terminal.
// Figures are laid out without a browser or canvas. vega measures text with a canvas
// when it has one and otherwise guesses 0.8 em per character; mintbench's figures are laid out for
// DejaVu Sans instead, the font their PNGs are drawn with (png.ts) and Debian's default sans-serif,
// which the figures name first. Narrower fonts (Helvetica, Arial) just leave a little more margin.

/**
 * Advance widths of DejaVu Sans 2.37, in thousandths of an em, of the characters from ' ' (32) to '~'
 * (126), regular then bold: measured with resvg on fonts-dejavu-core's DejaVuSans.ttf and
 * DejaVuSans-Bold.ttf.
 */
const REGULAR = [
  318, 401, 460, 838, 637, 951, 780, 275, 391, 391, 500, 838, 318, 361, 317, 337, 637, 637, 637, 637, 637, 637, 637, 637, 637, 637, 337,
  337, 838, 838, 838, 531, 1000, 710, 687, 699, 771, 632, 576, 775, 752, 295, 295, 656, 558, 863, 749, 788, 604, 788, 695, 635, 596, 732,
  685, 989, 686, 611, 686, 391, 337, 391, 838, 500, 500, 613, 635, 550, 635, 616, 345, 635, 634, 278, 278, 580, 278, 975, 634, 612, 635,
  635, 396, 521, 393, 634, 592, 818, 592, 592, 525, 637, 337, 637, 838,
];
const BOLD = [
  349, 457, 521, 838, 696, 1002, 873, 307, 458, 458, 523, 838, 380, 416, 380, 366, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400,
  400, 838, 838, 838, 581, 1000, 774, 763, 734, 831, 684, 684, 821, 837, 373, 373, 775, 638, 996, 837, 851, 733, 851, 771, 680, 703, 813,
  774, 1104, 771, 725, 726, 458, 366, 458, 838, 500, 500, 675, 716, 593, 716, 679, 406, 716, 712, 343, 343, 666, 343, 1042, 712, 688, 716,
  716, 494, 596, 479, 712, 652, 924, 646, 652, 583, 712, 366, 712, 838,
];
const FIRST_CHAR = 32;
/** Any other character (×, ≈, →, ◇, letters with accents): as wide as the widest common symbols, so nothing is clipped. */
const OTHER_WIDTH = 1000;

/** The font every figure asks for: DejaVu Sans, then fonts of about its width, then any sans-serif. */
export const FIGURE_FONT = 'DejaVu Sans, Bitstream Vera Sans, Verdana, sans-serif';

/** Width in pixels of one line of `text` in DejaVu Sans at `fontSizePx`. */
export function textWidthPx(text: string, fontSizePx: number, bold = false): number {
  const widths = bold ? BOLD : REGULAR;
  let thousandths = 0;
  for (const char of text) thousandths += widths[(char.codePointAt(0) ?? 0) - FIRST_CHAR] ?? OTHER_WIDTH;
  return (thousandths / 1000) * fontSizePx;
}

// Terminal columns. Tables printed to a terminal are laid out by the columns their text takes, which
// is not its length in UTF-16 units: CJK and emoji take two columns, combining marks none, and a
// character outside the BMP is two units but one or two columns.

/** Code point ranges of East Asian Wide and Fullwidth characters (Unicode 15, as wcwidth takes them). */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1b000, 0x1b2ff],
  [0x1f200, 0x1f2ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];
/** Marks drawn over the character before (variation selectors too) and format controls (zero-width spaces, joiners): no column of their own. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;

function charColumns(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if (code < 0x300) return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  if (EMOJI.test(char) || WIDE_RANGES.some(([low, high]) => code >= low && code <= high)) return 2;
  return 1;
}

/**
 * Columns `text` takes in a terminal (one line): 2 for wide and fullwidth characters and emoji, 0 for
 * combining marks and controls, 1 for the rest, the ambiguous ones (×, ±, –, ≈) included, as in a
 * Western locale.
 */
export function displayWidth(text: string): number {
  let columns = 0;
  for (const char of text) columns += charColumns(char);
  return columns;
}

/** `text` followed by spaces up to `columns` display columns. */
export function padToWidth(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - displayWidth(text)));
}

/**
 * `text` broken at spaces into lines of at most `columns` display columns, every line after the first
 * starting with `indent`; a word longer than a line stays whole on a line of its own.
 */
export function wrapToWidth(text: string, columns: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && displayWidth(candidate) > columns) {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}
