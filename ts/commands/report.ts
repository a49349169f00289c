import type { Argv } from 'yargs';

import { expected } from '../base/errors.js';
import { loadReference } from '../results/reference.js';
import { namingFlags } from './flags.js';
import { checkOutDir, writeOutputFile } from './output-dir.js';
import { loadOrReport, withResultPaths } from './result-files.js';

export function registerReport<T>(y: Argv<T>) {
  return y.command(
    'report [paths..]',
    'one page to read and share: machines, warnings, the comparison, the overhead chart and the figures (index.html, report.md, SVG and PNG)',
    (c) =>
      withResultPaths(c)
        .option('out', {
          type: 'string',
          requiresArg: true,
          demandOption: true,
          describe: 'directory the report goes to (made if missing)',
        })
        .option('baseline', {
          type: 'string',
          requiresArg: true,
          default: '1',
          describe: 'configuration label to compare against (1: vanilla Linux, the thesis’s baseline)',
        }),
    namingFlags(async (args) => {
      checkOutDir(args.out);
      // Loaded here, not with the CLI: vega and resvg stay out of every other command's process.
      const { buildReport } = await import('../output/report.js');
      const { renderReportHtml } = await import('../output/report-html.js');
      const { renderReportMarkdown } = await import('../output/report-markdown.js');
      const { FIGURE_RENDERERS, renderSvg } = await import('../output/plot.js');
      const { findFonts, PNG_RENDERER, svgToPng } = await import('../output/png.js');
      const fonts = findFonts();
      const records = loadOrReport(args.paths, () =>
        expected('result files, or directories holding them', 'paths', args.paths.join(' '), 'none is readable'),
      );
      const report = buildReport(records, args.baseline, loadReference(), { renderers: [...FIGURE_RENDERERS, PNG_RENDERER] });
      const svgs = new Map<string, string>();
      for (const figure of report.figures) {
        const svg = await renderSvg(figure.spec);
        svgs.set(figure.name, svg);
        writeOutputFile(args.out, `${figure.name}.svg`, svg);
        writeOutputFile(args.out, `${figure.name}.png`, svgToPng(svg, fonts));
      }
      const markdown = writeOutputFile(args.out, 'report.md', renderReportMarkdown(report));
      const html = writeOutputFile(args.out, 'index.html', renderReportHtml(report, svgs));
      process.stdout.write(`${html}\n${markdown}\n`);
    }),
  );
}
