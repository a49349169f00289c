import path from 'node:path';
import { defineCommand } from './define.js';

import { writeFileAtomic } from '../base/atomic-write.js';
import { expected } from '../base/errors.js';
import { checkOutputDirectory } from '../base/output-checks.js';
import { loadReference } from '../results/reference.js';
import { DEFAULT_MARGIN } from '../stats/verdict.js';
import { namingFlags } from './flags.js';
import { marginOption, PAIR_BY_OPTION, pairByOption, PER_ROW_OPTION, verdictControl } from './options.js';
import { loadOrReport, withResultPaths } from './result-files.js';

export function command() {
  return defineCommand(
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
        })
        .option('margin', {
          type: 'number',
          requiresArg: true,
          default: DEFAULT_MARGIN * 100,
          describe: 'equivalence margin in percent, as compare takes it',
        })
        .option('per-row', PER_ROW_OPTION)
        .option('pair-by', PAIR_BY_OPTION),
    namingFlags(async (args) => {
      const margin = marginOption(args.margin);
      const pairBy = pairByOption(args['pair-by']);
      checkOutputDirectory('--out', args.out);
      // Loaded here, not with the CLI: vega and resvg stay out of every other command's process.
      const { buildReport } = await import('../output/report.js');
      const { renderReportHtml } = await import('../output/report-html.js');
      const { renderReportMarkdown } = await import('../output/report-markdown.js');
      const { FIGURE_RENDERERS, renderSvg } = await import('../output/plot.js');
      const { findFonts, PNG_RENDERER, svgToPng } = await import('../output/png.js');
      const fonts = findFonts();
      const records = loadOrReport(args, () =>
        expected('result files, or directories holding them', 'paths', args.paths.join(' '), 'none is readable'),
      );
      const report = buildReport(
        records,
        args.baseline,
        { reference: loadReference(), margin, control: verdictControl(args), pairBy },
        { renderers: [...FIGURE_RENDERERS, PNG_RENDERER] },
      );
      const write = (name: string, content: string | Uint8Array): string => {
        const file = path.join(args.out, name);
        writeFileAtomic(file, content, { replace: true });
        return file;
      };
      const svgs = new Map<string, string>();
      for (const figure of report.figures) {
        const svg = await renderSvg(figure.spec);
        svgs.set(figure.name, svg);
        write(`${figure.name}.svg`, svg);
        write(`${figure.name}.png`, svgToPng(svg, fonts));
      }
      const markdown = write('report.md', renderReportMarkdown(report));
      const html = write('index.html', renderReportHtml(report, svgs));
      process.stdout.write(`${html}\n${markdown}\n`);
    }),
  );
}
