// Runs one workload from the command line: stop cleanly on Ctrl-C or SIGTERM, then print.
import { EXIT_INTERRUPTED } from '../exit-codes.js';
import { loadAddon } from '../native.js';
import { renderRun } from '../report.js';
import type { WorkloadRun } from '../run.js';
import { warnAfterRun } from './warnings.js';

/** Ctrl-C or SIGTERM: the addon abandons the repetition under way (within about 100 ms), then the run returns what it completed. */
export function stopOnSignals(): () => void {
  let signalled = false;
  const onSignal = (): void => {
    if (signalled) process.exit(EXIT_INTERRUPTED);
    signalled = true;
    process.stderr.write('\nmintbench: stopping; the repetition under way is discarded (press again to quit now)\n');
    loadAddon().requestStop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

export async function reportRun(json: boolean, start: () => Promise<WorkloadRun>): Promise<void> {
  const release = stopOnSignals();
  try {
    const run = await start();
    warnAfterRun(run);
    process.stdout.write(json ? `${JSON.stringify(run, null, 2)}\n` : `${renderRun(run)}\n`);
    if (run.stopped) process.exitCode = EXIT_INTERRUPTED;
  } finally {
    release();
  }
}
