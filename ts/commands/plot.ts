import path from 'node:path';
import { defineCommand } from './define.js';

import { writeFileAtomic } from '../base/atomic-write.js';
import { checkOutputDirectory } from '../base/output-checks.js';
import { oneOf } from '../base/validate.js';
import { loadOrReport, withResultPaths } from './result-files.js';

const PLOT_FORMATS = ['svg', 'png', 'vega-lite'] as const;
const EXTENSIONS = { svg: 'svg', png: 'png', 'vega-lite': 'vl.json' } as const;

export function command() {
  return defineCommand(
    (c) =>
      withResultPaths(c)
        .option('out', { type: 'string', requiresArg: true, demandOption: true, describe: 'directory the figures go to (made if missing)' })
        .option('format', {
          type: 'string',
          requiresArg: true,
          default: 'svg',
          describe: `${PLOT_FORMATS.join(', ')} (png: the SVG drawn at twice its size; vega-lite: the figure's spec as JSON)`,
        }),
    async (args) => {
      const format = oneOf('format', args.format, PLOT_FORMATS);
      checkOutputDirectory('--out', args.out);
      // Loaded here, not with the CLI: vega and resvg stay out of every other command's process, above all the measuring ones.
      const { buildFigures, renderSvg } = await import('../output/plot.js');
      const { findFonts, svgToPng } = await import('../output/png.js');
      const fonts = format === 'png' ? findFonts() : [];
      const figures = buildFigures(loadOrReport(args));
      if (figures.length === 0)
        throw new Error(`No figure to draw: no measured repetition of cpu, mem, io or mix in ${args.paths.join(', ')}`);
      for (const figure of figures) {
        const data = format === 'vega-lite' ? `${JSON.stringify(figure.spec, null, 2)}\n` : await renderSvg(figure.spec);
        const file = path.join(args.out, `${figure.name}.${EXTENSIONS[format]}`);
        writeFileAtomic(file, format === 'png' ? svgToPng(data, fonts) : data, { replace: true });
        process.stdout.write(`${file}\n`);
      }
    },
  );
}
