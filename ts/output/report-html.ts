// The report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched (its
// Content-Security-Policy forbids both), so it reads the same from a mail attachment as from a server.
import { slug } from '../base/slug.js';
import type { Block, Report } from './report.js';

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; color: #1b1b1b; margin: 0 auto; padding: 1.5rem; max-width: 76rem; }
h1 { font-size: 1.6rem; margin-bottom: .3rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .88rem; }
th, td { border: 1px solid #d0d0d0; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
tbody tr:nth-child(even) { background: #fafafa; }
.table { overflow-x: auto; }
.alert { background: #fde8e8; border-left: 4px solid #c62828; padding: .5rem .8rem; font-weight: bold; }
figure { margin: 1rem 0 2rem; overflow-x: auto; }
figure svg { display: block; max-width: 100%; height: auto; }
`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Figures are laid out at 11 px text; drawn larger on the page, their text matches the page's. */
const INLINE_SCALE = 1.4;

/** The SVG drawn INLINE_SCALE times its laid-out size (its viewBox keeps the drawing's coordinates). */
function scaleSvg(svg: string): string {
  return svg.replace(
    /^<svg([^>]*?) width="([\d.]+)" height="([\d.]+)"/,
    (_match, attributes: string, width: string, height: string) =>
      `<svg${attributes} width="${Math.round(Number(width) * INLINE_SCALE)}" height="${Math.round(Number(height) * INLINE_SCALE)}"`,
  );
}

/** Gives every id in an inline SVG the figure's prefix, so that two figures' clip paths never share an id on one page. */
function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

function table(header: readonly string[], rows: readonly string[][]): string {
  const cells = (tag: string, values: readonly string[]) => values.map((value) => `<${tag}>${escapeHtml(value)}</${tag}>`).join('');
  return `<div class="table"><table><thead><tr>${cells('th', header)}</tr></thead><tbody>\n${rows.map((row) => `<tr>${cells('td', row)}</tr>`).join('\n')}\n</tbody></table></div>`;
}

function blockHtml(block: Block, svgs: ReadonlyMap<string, string>): string {
  switch (block.kind) {
    case 'heading':
      // Only sections get an id (the nav's targets): a configuration's heading appears in more than one.
      return `<h${block.level}${block.level === 2 ? ` id="${slug(block.text)}"` : ''}>${escapeHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'alert':
      return `<p class="alert">${escapeHtml(block.text)}</p>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'table':
      return table(block.header, block.rows);
    case 'figure': {
      const svg = svgs.get(block.name);
      if (svg === undefined) throw new Error(`No SVG for figure ${block.name}`);
      return `<figure id="figure-${slug(block.name)}" aria-label="${escapeHtml(block.title)}">${scopeSvgIds(scaleSvg(svg), `figure-${slug(block.name)}`)}</figure>`;
    }
  }
}

/** The page: `svgs` holds each of the report's figures as SVG text, by name. Each level-2 heading opens a section. */
export function renderReportHtml(report: Report, svgs: ReadonlyMap<string, string>): string {
  const sections = report.blocks
    .filter((block) => block.kind === 'heading' && block.level === 2)
    .map((block) => (block as { text: string }).text);
  const nav = `<nav><ul>${sections.map((text) => `<li><a href="#${slug(text)}">${escapeHtml(text)}</a></li>`).join('')}</ul></nav>`;
  const body: string[] = [];
  let open = false;
  for (const block of report.blocks) {
    if (block.kind === 'heading' && block.level === 2) {
      if (open) body.push('</section>');
      body.push(`<section id="section-${slug(block.text)}">`);
      open = true;
    }
    body.push(blockHtml(block, svgs));
    if (block.kind === 'heading' && block.level === 1) body.push(nav);
  }
  if (open) body.push('</section>');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
