import { describe, expect, it } from 'vitest';

import { describe as describeValue, expected, UsageError } from '../ts/base/errors.js';
import { EXIT_USAGE } from '../ts/commands/exit-codes.js';
import { runCliAsync } from './helpers/cli.js';

/** The command line names the flag the user typed, not the API option behind it. */
const MESSAGES: [string[], string][] = [
  [['mem', '--iterations', '0'], 'Expected an integer of at least 1 for --iterations but received 0'],
  [['io', '--iterations', '0'], 'Expected an integer of at least 1 for --iterations but received 0'],
  [['cpu', '--iterations', '0'], 'Expected an integer of at least 1 for --iterations but received 0'],
  [['cpu', '--reps', '0'], 'Expected an integer from 1 to 1000000 for --reps but received 0'],
  [['mix', '--ratio', '0:0:1', '--copies', '0'], 'Expected an integer of at least 1 for --copies but received 0'],
  [['compare'], 'Expected a value for --baseline but received none (see mintbench --help)'],
];

describe('option names in messages', () => {
  it('names the flag the user typed', async () => {
    // Three at a time: each is a node start-up, and the machine has two cores.
    for (let i = 0; i < MESSAGES.length; i += 3) {
      const batch = MESSAGES.slice(i, i + 3);
      const results = await Promise.all(batch.map(([args]) => runCliAsync(args)));
      batch.forEach(([args, message], j) => {
        expect(results[j]?.stderr, args.join(' ')).toBe(`mintbench: ${message}\n`);
        expect(results[j]?.status).toBe(EXIT_USAGE);
      });
    }
  });

  it('renames only the option an error is about, and only the ones listed', () => {
    const error = expected('an integer', 'copies', 0, 'copies means memcpy calls');
    expect(error.option).toBe('copies');
    expect(error.renameOption({ copies: '--iterations' }).message).toBe(
      'Expected an integer for --iterations but received 0 (copies means memcpy calls)',
    );
    expect(error.option).toBe('--iterations');
    expect(expected('an integer', 'seed', 0).renameOption({ copies: '--iterations' }).message).toBe(
      'Expected an integer for seed but received 0',
    );
    expect(new UsageError('no option here').renameOption({ copies: '--iterations' }).message).toBe('no option here');
  });

  it('describes values with the right article', () => {
    expect(describeValue({})).toBe('an object');
    expect(describeValue(() => 0)).toBe('a function');
    expect(describeValue([1])).toBe('an array');
  });
});
