// Runs started with --sync against one `mintbench barrier`: they start together, record their group,
// instance and start skew, and a barrier that is missing, or a party that never comes, ends the run
// with one line and exit code 1. That the skew stays under 1 ms on an idle machine is a timing
// target, measured in bench/latency.ts (npm run bench); here the barrier must beat a 1.5 s head start.
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';

import { EXIT_RUNTIME } from '../ts/commands/exit-codes.js';
import { loadRecords } from '../ts/results/store.js';
import { SYNC_PROTOCOL } from '../ts/sync/protocol.js';
import { startBarrier, syncedCpuRun } from './helpers/barrier.js';
import { tempDir } from './helpers/files.js';

const out = tempDir();
afterAll(out.cleanup);

/** Run b starts this long after run a: without the barrier their first regions would be at least this far apart. */
const HEAD_START_MS = 1500;

const cpuRun = (port: number, instance: string, cpu: number, extra: string[] = []) => syncedCpuRun(port, instance, cpu, out.dir, extra);

describe('runs started through one barrier', () => {
  it('start together and record their group, instance and start skew', async () => {
    const barrier = await startBarrier(['--parties', '2', '--timeout', '60']);
    const a = cpuRun(barrier.port, 'a', 0);
    await sleep(HEAD_START_MS);
    const b = cpuRun(barrier.port, 'b', 1);
    const [ra, rb, rbarrier] = await Promise.all([a, b, barrier.exited]);
    expect(ra.status, ra.stderr).toBe(0);
    expect(rb.status, rb.stderr).toBe(0);
    expect(rbarrier.status, rbarrier.stderr).toBe(0);

    const { records, errors } = loadRecords([out.dir]);
    expect(errors).toEqual([]);
    const synced = records.map(({ record }) => record).filter((record) => record.sync?.barrier === `127.0.0.1:${barrier.port}`);
    expect(synced.map((record) => record.configuration.instance).sort()).toEqual(['a', 'b']);
    const [first, second] = synced.map((record) => record.sync!);
    expect(first!.group).toBe(second!.group);
    expect(first!.group).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    expect([first!.parties, first!.reported, first!.method]).toEqual([2, 2, 'shared-clock']);
    // One skew for the group, told to both; one of them started first.
    expect(first!.startSkewSeconds).toBe(second!.startSkewSeconds);
    const skew = first!.startSkewSeconds!;
    expect([first!.startOffsetSeconds, second!.startOffsetSeconds].sort()).toEqual([0, skew]);
    expect(skew).toBeLessThan(HEAD_START_MS / 1000 / 3);
    console.log(`start skew of two --sync runs through one barrier: ${(skew * 1e6).toFixed(1)} µs`);
    expect(rbarrier.stdout).toMatch(new RegExp(`^group ${first!.group}: 2 parties, start skew .+ \\(a \\+.+, b \\+.+; one clock\\)\\n$`));
    expect(ra.stdout).toMatch(/started with 1 other run through the barrier at 127\.0\.0\.1:\d+ \(group .+\): start skew/);
  });

  it('ends a run whose partner never comes with one line and exit code 1, and the barrier too', async () => {
    const barrier = await startBarrier(['--parties', '2', '--timeout', '8']);
    const run = await cpuRun(barrier.port, 'a', 0, ['--sync-timeout', '2']);
    expect(run.status).toBe(EXIT_RUNTIME);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('mintbench:'))).toEqual([
      expect.stringMatching(
        /^mintbench: the barrier at 127\.0\.0\.1:\d+ \(group .+\) did not start the run within 2 s: a party is missing$/,
      ),
    ]);
    // The barrier gives up on its own timeout, with one line.
    const result = await barrier.exited;
    expect(result.status).toBe(EXIT_RUNTIME);
    expect(result.stderr).toMatch(/\nmintbench: 0 of 2 parties were ready at the barrier \(group .+\) within 8 s \(1 came and left\)\n$/);
  });

  it('ends a run whose barrier is not there with one line and exit code 1', async () => {
    const run = await cpuRun(1, 'a', 0, ['--sync-timeout', '1']);
    expect(run.status).toBe(EXIT_RUNTIME);
    expect(run.stderr).toBe('mintbench: no barrier at 127.0.0.1:1 within 1 s (ECONNREFUSED)\n');
  });

  it('ends the barrier within --report-timeout plus 2 s when a party falls silent after GO, exit 1, naming it', async () => {
    const reportTimeoutSeconds = 3;
    const barrier = await startBarrier(['--parties', '1', '--timeout', '30', '--report-timeout', String(reportTimeoutSeconds)]);
    // A party by hand: hello and ready, then nothing more after GO, its socket kept open.
    const socket = connect(barrier.port, '127.0.0.1');
    try {
      let received = '';
      const go = new Promise<number>((resolve) => {
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString();
          if (received.split('\n').some((line) => line.includes('"type":"go"'))) resolve(performance.now());
        });
      });
      socket.write(`${JSON.stringify({ type: 'hello', protocol: SYNC_PROTOCOL, instance: 'mute', pid: null, bootId: null })}\n`);
      socket.write(`${JSON.stringify({ type: 'ready', probe: null })}\n`);
      const goAt = await go;
      const result = await barrier.exited;
      const seconds = (performance.now() - goAt) / 1000;
      expect(result.status).toBe(EXIT_RUNTIME);
      expect(result.stderr).toMatch(
        new RegExp(`\nmintbench: party mute got GO and reported no start within ${reportTimeoutSeconds} s \\(group .+\\)\n$`),
      );
      // The acceptance bound of issue 23: the timeout, and at most 2 s more.
      expect(seconds).toBeGreaterThanOrEqual(reportTimeoutSeconds - 0.1);
      expect(seconds).toBeLessThan(reportTimeoutSeconds + 2);
    } finally {
      socket.destroy();
    }
  });
});
