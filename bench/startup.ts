// Start-up as a user meets it. `node dist/cli.js --version` and `--help` against `node -e 0`, Node's
// own start, side by side: the ratio is what mintbench adds to it. `npx mintbench --version` against
// the same command without npx: the difference is what npx itself costs, outside mintbench.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { CLI } from './harness.js';
import { alternate, spread, type Pairs } from './pairs.js';
import { atMost, medianRow, ratioRow, type Row } from './table.js';

/** The repository, where npx finds mintbench as the package's own bin. */
const ROOT = path.resolve(path.dirname(CLI), '..');
/** Pairs of node starts (about 50 ms each here) and of npx starts (about a second each). */
const NODE_PAIRS = 20;
const NPX_PAIRS = 10;
const INFO_RUNS = 3;

/** Milliseconds from spawn to exit of `command`, run in the repository. */
export function startupMs(command: string, args: string[]): number {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'ignore' });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${String(result.status)}`);
  return elapsed;
}

const node =
  (...args: string[]) =>
  () =>
    startupMs(process.execPath, args);
const npx =
  (...args: string[]) =>
  () =>
    startupMs('npx', ['--no-install', 'mintbench', ...args]);

function basis(pairs: Pairs): string {
  return `${String(pairs.ratios.length)} pairs, alternating, after 1 warm-up pair`;
}

export async function startup(): Promise<Row[]> {
  const version = await alternate(NODE_PAIRS, node(CLI, '--version'), node('-e', '0'));
  const help = await alternate(NODE_PAIRS, node(CLI, '--help'), node('-e', '0'));
  const viaNpx = await alternate(NPX_PAIRS, npx('--version'), node(CLI, '--version'));
  const npxCost = viaNpx.a.map((withNpx, i) => withNpx - viaNpx.b[i]!);
  const info = Array.from({ length: INFO_RUNS }, npx('info'));
  return [
    ratioRow('Start-up: `node dist/cli.js --version` / `node -e 0`, spawn to exit', version, 'ms', atMost(1.5), basis(version)),
    ratioRow('Start-up: `node dist/cli.js --help` / `node -e 0`, spawn to exit', help, 'ms', atMost(2), basis(help)),
    medianRow('Start-up: `npx mintbench --version` (npx --no-install)', viaNpx.a, 'ms', basis(viaNpx), null, 0),
    {
      ...medianRow(
        'Start-up: what npx itself costs, `npx mintbench --version` − `node dist/cli.js --version`',
        npxCost,
        'ms',
        `the same ${basis(viaNpx)}`,
        null,
        0,
      ),
      measured: `${String(Math.round(spread(npxCost).median))} ms (ratio ${spread(viaNpx.ratios).median.toFixed(1)}×)`,
    },
    medianRow('Start-up: `npx mintbench info`', info, 'ms', `${String(info.length)} runs`, null, 0),
  ];
}
