// diesWithParent: the command line that ties a child's life to this process (setpriv --pdeathsig
// KILL), a missing program left for spawn to refuse, and a one-line refusal without setpriv. That a
// killed parent leaves no child is tested for real in orphans.test.ts.
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';

import { diesWithParent } from '../ts/base/die-with-parent.js';

const PATH = process.env.PATH;
afterEach(() => {
  process.env.PATH = PATH;
});

describe('diesWithParent', () => {
  it('runs the program found on PATH under setpriv --pdeathsig KILL, which the program then has', () => {
    const tied = diesWithParent('sh', ['-c', 'true']);
    expect(tied.program).toMatch(/\/setpriv$/);
    expect(tied.args.slice(0, 3)).toEqual(['--pdeathsig', 'KILL', '--']);
    expect(tied.args.slice(3)).toEqual([expect.stringMatching(/\/sh$/), '-c', 'true']);
    // The parent-death signal as the program itself reads it (setpriv --dump: PR_GET_PDEATHSIG).
    const read = diesWithParent('setpriv', ['--dump']);
    const dump = spawnSync(read.program, read.args, { encoding: 'utf8' });
    expect(dump.status, dump.stderr).toBe(0);
    expect(dump.stdout).toMatch(/^Parent death signal: (KILL|9)$/m);
  });

  it('leaves a program that is not there as it is, so that spawn fails with ENOENT and nothing starts', () => {
    expect(diesWithParent('mintbench-no-such-program', ['x'])).toEqual({ program: 'mintbench-no-such-program', args: ['x'] });
    const result = spawnSync('mintbench-no-such-program');
    expect((result.error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('refuses in one line when setpriv is not installed', () => {
    process.env.PATH = '/nonexistent';
    expect(() => diesWithParent('/bin/sh', [])).toThrow(
      /^setpriv is not installed: mintbench needs it so that what it starts ends with it \(Debian: apt-get install util-linux\)$/,
    );
  });
});
