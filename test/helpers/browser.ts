// A real headless browser for tests: Debian's chromium (apt-get install chromium), driven by
// playwright-core, which downloads nothing. One launch per test file: start-up is the slow part.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian puts it; MINTBENCH_CHROMIUM names another. */
const CHROMIUM = process.env.MINTBENCH_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: apt-get install chromium (or set MINTBENCH_CHROMIUM)`);
  // --no-sandbox: the tests run as root in CI, where chromium's sandbox refuses to start. Without
  // the sanitizers' preload (test:sanitize): it is for the addon, and chromium does not start under it.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !['LD_PRELOAD', 'ASAN_OPTIONS', 'UBSAN_OPTIONS'].includes(entry[0]),
    ),
  );
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], env, timeout: 60_000 });
}
