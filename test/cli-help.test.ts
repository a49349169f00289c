// `mintbench` alone and `mintbench --help` list the commands by group, from the command table:
// neither they nor --version load yargs or any command; a command loads its own module only.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

import { EXIT_USAGE } from '../ts/commands/exit-codes.js';
import { runCli } from './helpers/cli.js';
import { root, tempDir } from './helpers/files.js';

/** The groups of the overview, each with the commands it lists (their first words and subcommand). */
function groups(overview: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  let group: string[] | undefined;
  for (const line of overview.split('\n')) {
    if (/^[A-Z]\w+$/.test(line)) found[line] = group = [];
    else if (line === '') group = undefined;
    else if (group && line.startsWith('  '))
      group.push(
        line
          .trim()
          .split(/\s{2,}/)[0]!
          .replace(/ [<[].*$/, ''),
      );
  }
  return found;
}

/** The modules of dist/ and the packages a CLI run with `args` loaded, as paths under the repository. */
function loadedModules(args: string[]): { modules: string[]; status: number | null } {
  const { dir, cleanup } = tempDir();
  try {
    const file = path.join(dir, 'loaded.txt');
    const preload = pathToFileURL(path.join(root, 'test', 'helpers', 'loaded-modules.mjs')).href;
    const result = runCli(args, { NODE_OPTIONS: `--import=${preload}`, MINTBENCH_TEST_LOADED: file });
    const prefix = pathToFileURL(root).href + '/';
    const modules = readFileSync(file, 'utf8')
      .split('\n')
      .filter((url) => url.startsWith(prefix))
      .map((url) => url.slice(prefix.length));
    return { modules: [...new Set(modules)].sort(), status: result.status };
  } finally {
    cleanup();
  }
}

describe('the overview', () => {
  it('groups the commands: measure, compare, configurations, machine, sync', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    expect(groups(help.stdout)).toEqual({
      Measure: ['suite', 'cpu', 'mem', 'io', 'mix'],
      Compare: ['campaign', 'compare', 'report', 'plot', 'export'],
      Configurations: ['configs', 'config run', 'reproduce', 'guest build'],
      Machine: ['info'],
      Sync: ['barrier'],
      Options: ['--help', '--version', '--debug'],
    });
    expect(help.stdout.split('\n').filter((line) => line.length > 80)).toEqual([]);
    // With other options but no command, as yargs would: the help, and nothing else.
    expect(runCli(['--debug', '--help', '--no-such-option'])).toEqual(help);
  });

  it('is what mintbench alone prints, on stderr with the usage exit code', () => {
    const alone = runCli([]);
    expect(alone.status).toBe(EXIT_USAGE);
    expect(alone.stdout).toBe('');
    expect(alone.stderr).toBe(runCli(['--help']).stdout);
  });

  it('lists every command yargs knows, and yargs knows every command it lists', () => {
    const listed = Object.values(groups(runCli(['--help']).stdout)).flat();
    const known = runCli(['--get-yargs-completions', 'mintbench', '']).stdout.trim().split('\n');
    expect(known.filter((name) => name !== 'completion').sort()).toEqual(
      listed
        .filter((name) => !name.startsWith('--'))
        .map((name) => name.split(' ')[0]!)
        .sort(),
    );
  });
});

describe('what a start loads', () => {
  /** What every start loads: the CLI, the command table and what they import. */
  const TABLE_ONLY = [
    'dist/base/errors.js',
    'dist/base/version.js',
    'dist/cli.js',
    'dist/commands/exit-codes.js',
    'dist/commands/table.js',
  ];

  it('--version, --help and no arguments: the command table, no command, no package', () => {
    for (const args of [['--version'], ['--help'], []]) {
      const { modules, status } = loadedModules(args);
      expect(status, args.join(' ')).toBe(args.length === 0 ? EXIT_USAGE : 0);
      expect(modules, args.join(' ')).toEqual(TABLE_ONLY);
    }
  });

  it('a command: its own module, not the others', () => {
    const { modules, status } = loadedModules(['configs']);
    expect(status).toBe(0);
    expect(modules).toContain('dist/commands/configs.js');
    expect(modules.some((file) => file.startsWith('node_modules/yargs/'))).toBe(true);
    const commands = modules.filter((file) => file.startsWith('dist/commands/'));
    expect(commands.sort()).toEqual(
      [...TABLE_ONLY.filter((file) => file.startsWith('dist/commands/')), 'dist/commands/configs.js', 'dist/commands/define.js'].sort(),
    );
    expect(modules.filter((file) => /node_modules\/(zod|simple-statistics|vega)/.test(file))).toEqual([]);
  });
});
