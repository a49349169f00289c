// The layout shows the architecture only if imports follow it: from commands to the rest, and from
// output, compare and results to measure and env, never back (docs/architecture.md).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { root } from './helpers/files.js';

/** What each folder of ts/ may import besides itself. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  base: [],
  stats: ['base'],
  env: ['base', 'measure'],
  measure: ['base', 'env', 'stats'],
  sync: ['base'],
  results: ['base', 'env', 'measure', 'sync'],
  compare: ['base', 'env', 'measure', 'results', 'stats'],
  output: ['base', 'compare', 'env', 'measure', 'results', 'stats'],
  campaign: ['base', 'results'],
  guest: ['base', 'measure', 'sync'],
  launch: ['base', 'campaign', 'env', 'guest', 'measure', 'results', 'sync'],
  commands: ['base', 'campaign', 'compare', 'env', 'guest', 'launch', 'measure', 'output', 'results', 'stats', 'sync'],
};
/** The two entry points, which nothing imports: the CLI and the API. */
const ENTRY_POINTS = ['cli.ts', 'index.ts'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  );
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  // Static imports and re-exports, side-effect imports and dynamic import().
  const pattern = /(?:\bfrom\s+|\bimport\s+|\bimport\(\s*)'(\.{1,2}\/[^']+)'/g;
  return [...text.matchAll(pattern)].map((match) => match[1]!);
}

describe('the layout of ts/', () => {
  const tsDir = path.join(root, 'ts');
  const files = sources(tsDir).map((file) => path.relative(tsDir, file));

  it('has no file outside a concern folder but the CLI and the API, and a rule for every folder', () => {
    expect(files.filter((file) => !file.includes(path.sep)).sort()).toEqual(ENTRY_POINTS);
    const folders = new Set(files.filter((file) => file.includes(path.sep)).map((file) => file.split(path.sep)[0]!));
    expect([...folders].sort()).toEqual(Object.keys(MAY_IMPORT).sort());
  });

  it('is the map in docs/architecture.md: one line for each folder', () => {
    const page = readFileSync(path.join(root, 'docs', 'architecture.md'), 'utf8');
    const start = page.indexOf('\n## The map\n');
    expect(start).toBeGreaterThan(-1);
    const section = page.slice(start, page.indexOf('\n## ', start + 1));
    const mapped = [...section.matchAll(/^ts\/(\w+)\/ /gm)].map((match) => match[1]!);
    expect(mapped.sort()).toEqual(Object.keys(MAY_IMPORT).sort());
  });

  it('has imports that point only where the architecture allows', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const [folder] = file.split(path.sep);
      for (const specifier of relativeImports(path.join(tsDir, file))) {
        const target = path.relative(tsDir, path.resolve(tsDir, path.dirname(file), specifier));
        const [targetFolder] = target.split(path.sep);
        if (ENTRY_POINTS.includes(target.replace(/\.js$/, '.ts'))) wrong.push(`${file} imports the entry point ${target}`);
        else if (file.includes(path.sep) && targetFolder !== folder && !MAY_IMPORT[folder!]!.includes(targetFolder!)) {
          wrong.push(`${file} imports ${target}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
