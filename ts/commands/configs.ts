import { defineCommand } from './define.js';

import { CONFIGURATIONS } from '../results/configs.js';

export function command() {
  return defineCommand(
    (c) => c.option('json', { type: 'boolean', default: false, describe: 'print the catalogue as JSON' }),
    (args) => {
      if (args.json) {
        process.stdout.write(`${JSON.stringify(CONFIGURATIONS, null, 2)}\n`);
        return;
      }
      const width = Math.max(...CONFIGURATIONS.map((c) => c.name.length));
      const lines = CONFIGURATIONS.map((c) => `${String(c.id).padStart(2)}  ${c.name.padEnd(width)}  ${c.description}`);
      process.stdout.write(
        `${lines.join('\n')}\n\nEvery OS has 1 core and 512 MB unless said otherwise; HDD1 and HDD2 are separate disks.\nAny other --config value is kept as a free label.\n`,
      );
    },
  );
}
