import { existsSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { EXIT_RUNTIME, EXIT_USAGE } from '../ts/commands/exit-codes.js';
import { runCli, runCliAsync, type CliResult } from './helpers/cli.js';
import { tempDir, useTempTarget } from './helpers/files.js';

const target = useTempTarget(1024 * 1024);

/** One line, in the one shape every usage error has, and no stack trace. */
function expectUsageError(result: CliResult, option: string): void {
  expect(result.status, result.stderr).toBe(EXIT_USAGE);
  expect(result.stderr).toMatch(new RegExp(`^mintbench: Expected .+ for ${option} but received .+\\n$`));
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe('');
}

/** Bad values of every option, and what the message must name. */
const BAD_INPUT: [string[], string][] = [
  [['cpu', '--reps', '0'], '--reps'],
  [['cpu', '--reps', '-1'], '--reps'],
  [['cpu', '--reps', '1.5'], '--reps'],
  [['cpu', '--reps', 'abc'], '--reps'],
  [['cpu', '--reps', '1', '--reps', '2'], '--reps'],
  [['cpu', '--reps'], '--reps'],
  [['cpu', '--warmup', '1001'], '--warmup'],
  [['cpu', '--cpu', '4095'], '--cpu'],
  [['cpu', '--cpu', '-1'], '--cpu'],
  [['cpu', '--iterations', '1e400'], '--iterations'],
  [['mem', '--iterations', 'NaN'], '--iterations'],
  [['mem', '--sizes', '12Q'], '--sizes'],
  [['mem', '--sizes', ''], '--sizes'],
  [['mem', '--sizes', '32G'], '--sizes'],
  [['io', '--iterations', '0'], '--iterations'],
  [['io', '--seed', '-1'], '--seed'],
  [['io', '--seed', '1e20'], '--seed'],
  [['io', '--device', '/dev/null'], '--device'],
  [['io', '--device', ''], '--device'],
  [['cpu', '--frobnicate'], 'options'],
  [['frobnicate'], 'command'],
];

describe('cli exit codes', () => {
  it(`refuses a bad value of every option with exit code ${EXIT_USAGE} and one line naming it`, async () => {
    // Four at a time: each is a node start-up, and the machine has two cores.
    const results: CliResult[] = [];
    for (let i = 0; i < BAD_INPUT.length; i += 4) {
      results.push(...(await Promise.all(BAD_INPUT.slice(i, i + 4).map(([args]) => runCliAsync(args)))));
    }
    BAD_INPUT.forEach(([, option], i) => {
      expectUsageError(results[i]!, option);
    });
  });

  it('refuses a bad device before reading it, naming the problem', () => {
    const result = runCli(['io', '--device', path.join(target.dir, 'missing')]);
    expectUsageError(result, '--device');
    expect(result.stderr).toMatch(/nothing is at that path/);
  });

  it('refuses a read larger than one read() returns before any work, for every command that reads', async () => {
    // A sparse target larger than the read, so that only the read cap can refuse it; an empty cache
    // and results directory, to show nothing was made.
    const { dir, cleanup } = tempDir();
    try {
      const large = path.join(dir, 'large.bin');
      writeFileSync(large, '');
      truncateSync(large, 5 * 1024 ** 3);
      const cache = path.join(dir, 'cache');
      const out = path.join(dir, 'out');
      const env = { MINTBENCH_CACHE: cache };
      // Small counts: were the refusal missing, each run would fail fast instead of running long.
      const small = ['--reps', '1', '--warmup', '0'];
      const counts = ['--reads', '1', '--increments', '1000', '--copies', '1'];
      const commands = [
        ['io', '--iterations', '1'],
        ['mix', '--ratio', '1:1:1', ...counts],
        ['suite', ...counts],
      ].map((command) => [...command, ...small]);
      const runs = commands.flatMap((command) => [
        runCliAsync([...command, '--sizes', '256K,4G', '--out', out], env),
        runCliAsync([...command, '--sizes', '4G', '--device', large, '--out', out], env),
      ]);
      for (const result of await Promise.all(runs)) {
        expectUsageError(result, '--sizes');
        expect(result.stderr).toMatch(/at most 2147479552 bytes .* but received "4G" \(Linux returns at most/);
      }
      expect(existsSync(cache) ? readdirSync(cache) : [], 'no scratch file made').toEqual([]);
      expect(existsSync(out), 'no result file written').toBe(false);
    } finally {
      cleanup();
    }
  });

  it(`exits ${EXIT_RUNTIME} on a runtime failure, with the stack trace only under --debug`, () => {
    const broken = path.join(target.dir, 'broken.node');
    writeFileSync(broken, 'not a shared object');
    const env = { MINTBENCH_ADDON: broken };
    const plain = runCli(['cpu', '--iterations', '1000'], env);
    expect(plain.status).toBe(EXIT_RUNTIME);
    expect(plain.stderr).toMatch(/^mintbench: .*broken\.node.*\n$/);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = runCli(['cpu', '--iterations', '1000', '--debug'], env);
    expect(debug.status).toBe(EXIT_RUNTIME);
    expect(debug.stderr).toMatch(/\n\s+at .*\n/);
  });

  it('shows a stack trace for a usage error only under --debug', () => {
    expectUsageError(runCli(['cpu', '--reps', '0']), '--reps');
    const debug = runCli(['cpu', '--reps', '0', '--debug']);
    expect(debug.status).toBe(EXIT_USAGE);
    expect(debug.stderr).toMatch(/^mintbench: UsageError: Expected an integer from 1 to 1000000 for --reps but received 0\n\s+at /);
  });

  it('exits 0 after a good run', () => {
    expect(runCli(['cpu', '--iterations', '1000', '--reps', '1']).status).toBe(0);
  });
});
