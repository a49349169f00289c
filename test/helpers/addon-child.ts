// Running the addon in a fresh Node process (another environment, or behind taskset or qemu-user).
import { spawnSync } from 'node:child_process';

import { addonPath } from '../../ts/measure/native.js';

/**
 * Runs `body` (an async function body that has `addon` in scope and returns a JSON-able value) in a
 * fresh Node process, with extra environment and behind an optional command prefix (e.g. taskset),
 * killed after `timeoutMs` (default 2 minutes).
 */
export function runAddonInChild(body: string, options: { env?: NodeJS.ProcessEnv; prefix?: string[]; timeoutMs?: number } = {}): unknown {
  const script = `const addon = (await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(addonPath())});
const value = await (async () => { ${body} })();
process.stdout.write(JSON.stringify(value));`;
  const [command, ...args] = [...(options.prefix ?? []), process.execPath, '--input-type=module', '-e', script];
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: options.timeoutMs ?? 120_000,
  });
  if (result.status !== 0) throw new Error(`child exited ${String(result.status ?? result.signal)}: ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown;
}
