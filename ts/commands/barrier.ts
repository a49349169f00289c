// `mintbench barrier`: serves a start barrier over TCP for runs started with --sync HOST:PORT, in the
// manner of the token barrier of mmtests' run-kvm.sh: each run prepares, says ready, and all are
// sent GO together. After their runs it prints the group's start skew.
import { defineCommand } from './define.js';

import { formatSeconds } from '../base/units.js';
import { integer, seconds } from '../base/validate.js';
import type { StartSkew } from '../sync/protocol.js';
import type { Party } from '../sync/barrier.js';
import { DEFAULT_REPORT_TIMEOUT_SECONDS, DEFAULT_SYNC_TIMEOUT_SECONDS } from '../sync/party.js';
import { serveBarrier } from '../sync/serve.js';
import { namingFlags } from './flags.js';
import { stopOnSignals } from './stop-signals.js';

/** "start skew 0.042 ms (a +0 ns, b +0.042 ms; one clock)" */
export function renderGroupSkew(skews: readonly { party: Party; start: StartSkew }[]): string {
  const [first] = skews;
  if (!first || first.start.skewSeconds === null) return 'start skew unknown (no party reported its start)';
  const offsets = skews.map(
    ({ party, start }) => `${party.name} ${start.offsetSeconds === null ? 'unknown' : `+${formatSeconds(start.offsetSeconds)}`}`,
  );
  const method = first.start.method === 'shared-clock' ? 'one clock' : "the barrier's send times";
  return `start skew ${formatSeconds(first.start.skewSeconds)} (${offsets.join(', ')}; ${method})`;
}

export function command() {
  return defineCommand(
    (c) =>
      c
        .option('parties', { type: 'number', requiresArg: true, demandOption: true, describe: 'how many runs start together' })
        .option('port', {
          type: 'number',
          requiresArg: true,
          demandOption: true,
          describe: 'TCP port to listen on (0: any free port, printed)',
        })
        .option('host', {
          type: 'string',
          requiresArg: true,
          default: '127.0.0.1',
          describe: 'address to listen on (0.0.0.0: every interface)',
        })
        .option('timeout', {
          type: 'number',
          requiresArg: true,
          default: DEFAULT_SYNC_TIMEOUT_SECONDS,
          describe: 'seconds from now for all parties to be ready',
        })
        .option('report-timeout', {
          type: 'number',
          requiresArg: true,
          default: DEFAULT_REPORT_TIMEOUT_SECONDS,
          describe: 'seconds after GO for every party to run and report its start, and again to close',
        }),
    namingFlags(
      async (args) => {
        const parties = integer('parties', args.parties, 1, 1024);
        const port = integer('port', args.port, 0, 65_535);
        const timeoutSeconds = seconds('timeout', args.timeout, 86_400);
        const reportTimeoutSeconds = seconds('report-timeout', args.reportTimeout, 86_400);
        const log = (text: string): void => {
          process.stderr.write(`barrier: ${text}\n`);
        };
        const served = await serveBarrier(args.host, port, { parties, log });
        const { barrier } = served;
        log(
          `group ${barrier.group} waits for ${parties} part${parties === 1 ? 'y' : 'ies'} on ${served.host}:${served.port} (timeout ${timeoutSeconds} s)`,
        );
        const { signal, release } = stopOnSignals('the barrier tells its parties and ends');
        signal.addEventListener('abort', () => {
          barrier.fail('the barrier was stopped');
          process.exit(130);
        });
        try {
          const skews = await barrier.rendezvous(timeoutSeconds * 1000, {
            beforeGo: () => {
              served.stopListening();
            },
            reportTimeoutMs: reportTimeoutSeconds * 1000,
          });
          process.stdout.write(
            `group ${barrier.group}: ${skews.length} part${skews.length === 1 ? 'y' : 'ies'}, ${renderGroupSkew(skews)}\n`,
          );
          await barrier.allClosed(reportTimeoutSeconds * 1000);
        } finally {
          served.stopListening();
          release();
        }
      },
      { parties: '--parties', port: '--port', timeout: '--timeout', reportTimeout: '--report-timeout' },
    ),
  );
}
