// mintbench's own version, from its package.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: two levels above ts/base/ (sources) and dist/base/ (compiled). */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const MINTBENCH_VERSION = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** The built CLI: what config run's instances and a campaign's mintbench arms run. */
export const CLI_PATH = path.join(packageRoot, 'dist', 'cli.js');
