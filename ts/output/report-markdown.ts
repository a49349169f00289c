// The report as Markdown for GitHub (an issue, a pull request, a README): the same blocks as the HTML
// page, with each figure as a PNG beside the file.
import type { Block, Report } from './report.js';

/** Backslash-escapes what Markdown would read as formatting; a line break would end a table row. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#&]/g, '\\$&').replace(/\s*\n\s*/g, ' ');
}

function row(values: readonly string[]): string {
  return `| ${values.map(escapeMarkdown).join(' | ')} |`;
}

function blockMarkdown(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`;
    case 'paragraph':
      return escapeMarkdown(block.text);
    case 'alert':
      return `> [!WARNING]\n> ${escapeMarkdown(block.text)}`;
    case 'list':
      return block.items.map((item) => `- ${escapeMarkdown(item)}`).join('\n');
    case 'table':
      return [row(block.header), row(block.header.map(() => '---')), ...block.rows.map(row)].join('\n');
    case 'figure':
      return `![${escapeMarkdown(block.title)}](${encodeURI(`${block.name}.png`)})`;
  }
}

/** report.md: figures link to `<name>.png` in the same directory. */
export function renderReportMarkdown(report: Report): string {
  return `${report.blocks.map(blockMarkdown).join('\n\n')}\n`;
}
