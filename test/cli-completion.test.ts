// `mintbench completion` prints a bash script that sources without error, registers the completion
// of mintbench, and completes command names, subcommands and options by asking the CLI itself.
import { spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { cliPath, runCli } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';

/** What bash completes for the words typed so far (the last one being completed), with mintbench on PATH. */
function complete(bin: string, words: string[]): { replies: string[]; stderr: string; status: number | null } {
  const script = [
    'source <(mintbench completion) || exit 3',
    'complete -p mintbench >/dev/null || exit 4',
    'COMP_WORDS=("$@")',
    'COMP_CWORD=$(($# - 1))',
    '_mintbench_yargs_completions',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = spawnSync('bash', ['-c', script, 'bash', ...words], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, SHELL: '/bin/bash' },
  });
  return { replies: result.stdout.split('\n').filter((line) => line !== ''), stderr: result.stderr, status: result.status };
}

describe('shell completion', () => {
  it('prints a bash script for mintbench', () => {
    const result = runCli(['completion'], { SHELL: '/bin/bash' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^complete .* -F _mintbench_yargs_completions mintbench$/m);
  });

  it('sources in bash and completes commands, subcommands and options', () => {
    const { dir, cleanup } = tempDir();
    try {
      symlinkSync(cliPath, path.join(dir, 'mintbench'));
      const commands = complete(dir, ['mintbench', 'co']);
      expect(commands.stderr).toBe('');
      expect(commands.status).toBe(0);
      expect(commands.replies.sort()).toEqual(['compare', 'completion', 'config', 'configs']);
      expect(complete(dir, ['mintbench', 'su']).replies).toEqual(['suite']);
      expect(complete(dir, ['mintbench', 'config', 'r']).replies).toEqual(['run']);
      expect(complete(dir, ['mintbench', 'suite', '--re']).replies.sort()).toEqual(['--reads', '--reps']);
    } finally {
      cleanup();
    }
  });
});
