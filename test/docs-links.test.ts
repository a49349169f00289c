// The README and docs/ as a reader follows them: every relative link reaches a file, every #anchor a
// heading (GitHub's slugs), docs/README.md indexes every page, and the README stays short.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { root } from './helpers/files.js';

const README_MAX_LINES = 350;

/** The Markdown pages that are checked, relative to the root. */
function pages(): string[] {
  const docs = readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join('docs', name));
  return ['README.md', ...docs.sort()];
}

/** The text outside fenced code blocks, with inline code blanked out (links there are not links). */
function prose(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(```|~~~)/.exec(line)?.[1];
    if (marker !== undefined && (fence === undefined || fence === marker)) {
      fence = fence === undefined ? marker : undefined;
      lines.push('');
    } else lines.push(fence === undefined ? line.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length)) : '');
  }
  return lines;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2, .... */
function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(```|~~~)/.exec(line)?.[1];
    if (marker !== undefined && (fence === undefined || fence === marker)) fence = fence === undefined ? marker : undefined;
    if (fence !== undefined || marker !== undefined) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const text = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/(\*\*|__|\*)/g, '')
      .replace(/`/g, '');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}

/** Every link and image target in the prose, with its line number. */
function linkTargets(markdown: string): { line: number; target: string }[] {
  const targets: { line: number; target: string }[] = [];
  prose(markdown).forEach((text, index) => {
    for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      targets.push({ line: index + 1, target: match[1]! });
    }
  });
  return targets;
}

/**
 * The relative links of `file` (relative to `base`) that lead nowhere: a missing file, or an anchor
 * that no heading of the target page has. Links with a scheme (https:, mailto:) are not followed.
 */
function brokenLinks(base: string, file: string, markdown: string): string[] {
  const broken: string[] = [];
  for (const { line, target } of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [pathPart = '', anchor] = target.split('#', 2);
    const resolved =
      pathPart === '' ? path.join(base, file) : path.resolve(path.dirname(path.join(base, file)), decodeURIComponent(pathPart));
    const where = `${file}:${line}: ${target}`;
    if (!existsSync(resolved)) {
      broken.push(`${where} (no such file)`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!resolved.endsWith('.md')) {
      broken.push(`${where} (an anchor into a file that is not Markdown)`);
      continue;
    }
    const slugs = pathPart === '' ? headingSlugs(markdown) : headingSlugs(readFileSync(resolved, 'utf8'));
    if (!slugs.has(decodeURIComponent(anchor).toLowerCase())) broken.push(`${where} (no heading with that anchor)`);
  }
  return broken;
}

describe('the documentation', () => {
  it('is the README and a page per topic in docs/', () => {
    expect(pages()).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/README.md',
        'docs/api.md',
        'docs/architecture.md',
        'docs/building.md',
        'docs/cli.md',
        'docs/comparing.md',
        'docs/configurations.md',
        'docs/contributing.md',
        'docs/measuring.md',
        'docs/reports.md',
        'docs/results.md',
      ]),
    );
  });

  it.for(pages())('%s: every relative link and #anchor resolves', (file) => {
    expect(brokenLinks(root, file, readFileSync(path.join(root, file), 'utf8'))).toEqual([]);
  });

  it('has an index, docs/README.md, that links every page of docs/', () => {
    const linked = new Set(
      linkTargets(readFileSync(path.join(root, 'docs', 'README.md'), 'utf8')).map(({ target }) => target.split('#')[0]),
    );
    const unlinked = pages().filter((file) => file.startsWith('docs/') && file !== 'docs/README.md' && !linked.has(path.basename(file)));
    expect(unlinked).toEqual([]);
  });

  it(`has a README of at most ${README_MAX_LINES} lines (wc -l) that links docs/`, () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const lines = readme.split('\n').length - (readme.endsWith('\n') ? 1 : 0);
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
    expect(linkTargets(readme).map(({ target }) => target)).toContain('docs/README.md');
  });

  it("gives the newcomer's two commands as .ci/run and package.json make them true", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const ci = readFileSync(path.join(root, '.ci', 'run'), 'utf8');
    expect(readme).toContain('```sh\nnpm install && npx mintbench suite\n```');
    expect(readme).toContain('```sh\nnpm test\n```');
    expect(scripts.test).toBeDefined();
    expect(ci).toMatch(/^npm test$/m);
  });
});

describe('the link checker', () => {
  const page = ['# A page', '', '## Two words: `code`', '', '## Two words: `code`', '', '```', '# not a heading', '```', ''].join('\n');

  it('makes GitHub slugs, with -1 for a repeated heading, and ignores code blocks', () => {
    expect([...headingSlugs(page)]).toEqual(['a-page', 'two-words-code', 'two-words-code-1']);
  });

  it('finds a link to a missing file and an anchor that no heading has, but not links in code', () => {
    const markdown = `${page}[ok](#two-words-code-1) [gone](docs/nowhere.md) [bad](#not-a-heading) \`[code](nowhere.md)\` [web](https://example.com/x)\n`;
    expect(brokenLinks(root, 'README.md', markdown)).toEqual([
      'README.md:10: docs/nowhere.md (no such file)',
      'README.md:10: #not-a-heading (no heading with that anchor)',
    ]);
  });
});
