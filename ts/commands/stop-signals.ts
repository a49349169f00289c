// A clean stop on Ctrl-C or SIGTERM, for the commands that run workloads or campaigns.
import { EXIT_INTERRUPTED } from './exit-codes.js';

/** What a stopped run does. */
export const STOPPING_RUN = 'the repetition under way is discarded';

/**
 * Ctrl-C or SIGTERM aborts the returned signal: the run abandons the repetition under way (within
 * about 100 ms), then returns what it completed. A second signal quits at once. `stopping` says on
 * stderr what the stop does.
 */
export function stopOnSignals(stopping = STOPPING_RUN): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    process.stderr.write(`\nmintbench: stopping; ${stopping} (press again to quit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
