// The barrier and its parties, in one process: who waits for whom, what each is told, and what is refused.
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

import { SyncTimeoutError } from '../ts/sync/channel.js';
import { parseSyncAddress, SyncParty } from '../ts/sync/party.js';
import { SYNC_PROTOCOL } from '../ts/sync/protocol.js';
import { serveBarrier, type ServedBarrier } from '../ts/sync/serve.js';

const join = (served: ServedBarrier, instance?: string) =>
  SyncParty.join(parseSyncAddress(`127.0.0.1:${served.port}`), { instance, timeoutSeconds: 5 });

/** The first line a raw connection receives after sending `lines`. */
async function rawExchange(port: number, lines: string[]): Promise<string> {
  const socket = connect({ host: '127.0.0.1', port });
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(lines.join(''));
  await new Promise((resolve) => socket.once('close', resolve));
  return received.split('\n')[0] ?? '';
}

describe('a barrier', () => {
  it('sends GO only when every party is ready, then tells each the skew and what the launcher adds', async () => {
    const served = await serveBarrier('127.0.0.1', 0, { parties: 2 });
    const rendezvous = served.barrier.rendezvous(10_000, {
      extras: (party) => ({
        launch: { for: party.name },
        warnings: [{ code: 'emulated', message: `party ${party.name}`, remedy: 'none' }],
      }),
    });
    const a = await join(served, 'a');
    const b = await join(served, 'b');
    expect(a.welcome).toMatchObject({ type: 'welcome', group: served.barrier.group, parties: 2, index: 0, probe: null });
    expect(b.welcome.index).toBe(1);

    let aReleased = false;
    const aReady = a.ready(null).then(() => (aReleased = true));
    await sleep(200);
    expect(aReleased).toBe(false);
    await Promise.all([aReady, b.ready(null)]);

    const now = process.hrtime.bigint();
    const [aDone, bDone] = await Promise.all([a.finish(now + 1000n), b.finish(now)]);
    expect(aDone?.start).toEqual({ reported: 2, skewSeconds: 1e-6, offsetSeconds: 1e-6, method: 'shared-clock' });
    expect(bDone?.start).toEqual({ reported: 2, skewSeconds: 1e-6, offsetSeconds: 0, method: 'shared-clock' });
    expect(aDone?.launch).toEqual({ for: 'a' });
    expect(bDone?.warnings).toEqual([{ code: 'emulated', message: 'party b', remedy: 'none' }]);
    expect((await rendezvous).map(({ party }) => party.name)).toEqual(['a', 'b']);

    a.written('a.json');
    a.close();
    b.close();
    await served.barrier.allClosed();
    expect(served.barrier.parties.map((party) => party.written)).toEqual([['a.json'], []]);
    served.stopListening();
  });

  it('asks for the probe it was given, and refuses a ready without one', async () => {
    const served = await serveBarrier('127.0.0.1', 0, { parties: 1, probe: { increments: 1000, repetitions: 3 } });
    const rendezvous = served.barrier.rendezvous(10_000);
    const party = await join(served);
    expect(party.welcome.probe).toEqual({ increments: 1000, repetitions: 3 });
    await expect(party.ready(null)).rejects.toThrow('the barrier: the barrier asked for a probe and the party sent none');
    party.close();
    served.barrier.fail('test over');
    await expect(rendezvous).rejects.toThrow();
    served.stopListening();
  });

  it('tells waiting parties why when not all came in time', async () => {
    const served = await serveBarrier('127.0.0.1', 0, { parties: 2 });
    const rendezvous = served.barrier.rendezvous(500);
    const party = await join(served, 'a');
    const ready = party.ready(null);
    await expect(rendezvous).rejects.toThrow(SyncTimeoutError);
    await expect(rendezvous).rejects.toThrow(/^1 of 2 parties were ready at the barrier \(group .+\) within 0\.5 s$/);
    await expect(ready).rejects.toThrow(/^the barrier: 1 of 2 parties were ready/);
    served.stopListening();
  });

  it('refuses a party beyond its number, another protocol, and lines that are not messages', async () => {
    const served = await serveBarrier('127.0.0.1', 0, { parties: 1 });
    const first = await join(served, 'a');
    expect(await rawExchange(served.port, [])).toMatch(/"type":"error","message":"the barrier of group .+ already has its 1 parties"/);
    first.close();
    await sleep(50);
    expect(
      await rawExchange(served.port, [`{"type":"hello","protocol":${SYNC_PROTOCOL + 1},"instance":null,"pid":null,"bootId":null}\n`]),
    ).toMatch(/the barrier speaks protocol 1, the party 2/);
    await sleep(50);
    const garbage = connect({ host: '127.0.0.1', port: served.port });
    await new Promise((resolve) => garbage.once('connect', resolve));
    garbage.write('hello there\n');
    await new Promise((resolve) => garbage.once('close', resolve));
    await sleep(50);
    expect(served.barrier.parties.every((party) => party.closed !== undefined)).toBe(true);
    served.stopListening();
  });
});

describe('a party', () => {
  it('reads HOST:PORT, [v6]:PORT and device paths, and refuses the rest', () => {
    expect(parseSyncAddress('127.0.0.1:4000')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 4000 });
    expect(parseSyncAddress('[::1]:4000')).toEqual({ kind: 'tcp', host: '::1', port: 4000 });
    expect(parseSyncAddress('/dev/virtio-ports/mintbench.sync')).toEqual({ kind: 'device', path: '/dev/virtio-ports/mintbench.sync' });
    for (const bad of ['host', 'host:0', 'host:65536', ':80', 'a:b']) expect(() => parseSyncAddress(bad)).toThrow(/for sync but received/);
  });

  it('gives up on a barrier that is not there, with one line', async () => {
    const started = Date.now();
    await expect(SyncParty.join(parseSyncAddress('127.0.0.1:1'), { timeoutSeconds: 0.5 })).rejects.toThrow(
      'no barrier at 127.0.0.1:1 within 0.5 s (ECONNREFUSED)',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
});
