// A minimal client of QEMU's machine protocol (QMP) over its unix socket: the greeting, capability
// negotiation, then one command at a time. Events are ignored.
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { LineSplitter } from '../sync/protocol.js';

type Reply = { return: unknown } | { error: { class: string; desc: string } };

export class Qmp {
  private readonly lines = new LineSplitter();
  private readonly pending: ((reply: Reply | Error) => void)[] = [];
  private greeted: () => void = () => undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const line of this.lines.push(chunk)) this.handle(line);
    });
    socket.on('close', () => {
      for (const waiter of this.pending.splice(0)) waiter(new Error('QEMU closed its QMP socket'));
    });
    socket.on('error', () => undefined);
  }

  /** Connects to `path` (trying again until QEMU has made it, at most `timeoutMs`) and negotiates capabilities. */
  static async connect(path: string, timeoutMs: number): Promise<Qmp> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const attempt = connect(path);
          attempt.once('connect', () => {
            attempt.removeAllListeners('error');
            resolve(attempt);
          });
          attempt.once('error', reject);
        });
        const qmp = new Qmp(socket);
        await new Promise<void>((resolve) => {
          qmp.greeted = resolve;
        });
        await qmp.execute('qmp_capabilities');
        return qmp;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`QEMU's QMP socket ${path} did not answer (${(error as Error).message})`);
        await sleep(50);
      }
    }
  }

  /** Runs `command` and returns its `return` value; a QMP error becomes an Error naming the command. */
  execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push((reply) => {
        if (reply instanceof Error) reject(reply);
        else if ('error' in reply) reject(new Error(`QMP ${command}: ${reply.error.desc}`));
        else resolve(reply.return);
      });
      this.socket.write(`${JSON.stringify(args ? { execute: command, arguments: args } : { execute: command })}\n`);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private handle(line: string): void {
    const message = JSON.parse(line) as Record<string, unknown>;
    if ('QMP' in message) {
      this.greeted();
      return;
    }
    if ('event' in message) return;
    this.pending.shift()?.(message as Reply);
  }
}
