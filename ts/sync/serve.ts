// A barrier served over TCP: every connection is a party.
import { createServer, type AddressInfo } from 'node:net';

import { Barrier, type BarrierOptions } from './barrier.js';
import { Channel, socketTransport } from './channel.js';
import { partyMessage } from './protocol.js';

export interface ServedBarrier {
  barrier: Barrier;
  host: string;
  /** The port listened on (the one the system chose, for port 0). */
  port: number;
  /** Takes no more connections; the parties' own stay open. */
  stopListening(): void;
}

/** Listens on `host`:`port` (0: any free port) and attaches every connection to a new barrier. */
export function serveBarrier(host: string, port: number, options: BarrierOptions): Promise<ServedBarrier> {
  const barrier = new Barrier(options);
  const server = createServer((socket) => {
    barrier.attach(new Channel(socketTransport(socket), partyMessage));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(new Error(`cannot serve a barrier on ${host}:${port} (${error.code ?? error.message})`));
    });
    server.listen({ host, port }, () => {
      const address = server.address() as AddressInfo;
      resolve({
        barrier,
        host,
        port: address.port,
        stopListening: () => {
          server.close();
        },
      });
    });
  });
}
