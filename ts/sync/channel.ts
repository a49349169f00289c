// One connection between a party and its barrier, as messages: over a socket (TCP, or the unix socket
// behind a guest's virtio-serial port) or over a character device (that port, inside the guest).
import { close, open, read, writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import type * as z from 'zod';

import { decode, encode, LineSplitter, type BarrierMessage, type PartyMessage } from './protocol.js';

/** Raised when a wait at the barrier runs out of time; the message is the line the user sees. */
export class SyncTimeoutError extends Error {
  override readonly name = 'SyncTimeoutError';
}

/** What a channel needs of the bytes underneath. */
interface Transport {
  write(text: string): void;
  /** Calls `onData` with each chunk until the other side closes or fails, then `onEnd` once. */
  start(onData: (chunk: Buffer) => void, onEnd: (reason: string) => void): void;
  end(): void;
}

export function socketTransport(socket: Socket): Transport {
  socket.setNoDelay(true);
  return {
    write: (text) => {
      if (!socket.destroyed) socket.write(text);
    },
    start: (onData, onEnd) => {
      let ended = false;
      const finish = (reason: string): void => {
        if (ended) return;
        ended = true;
        onEnd(reason);
      };
      socket.on('data', onData);
      socket.on('error', (error: NodeJS.ErrnoException) => {
        finish(error.code ?? error.message);
      });
      socket.on('close', () => {
        finish('connection closed');
      });
    },
    end: () => {
      socket.end();
    },
  };
}

/**
 * A virtio-serial port inside a guest: one file descriptor for both directions (such a port opens
 * once). Reads block a libuv pool thread until data comes; they end when the host closes its side.
 */
export function deviceTransport(fd: number): Transport {
  let closed = false;
  const closeOnce = (): void => {
    if (closed) return;
    closed = true;
    close(fd, () => undefined);
  };
  return {
    write: (text) => {
      if (closed) return;
      // Synchronous, so that lines go out in order; each is a few hundred bytes the host reads at once.
      const bytes = Buffer.from(text);
      for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
    },
    start: (onData, onEnd) => {
      const buffer = Buffer.alloc(64 * 1024);
      const next = (): void => {
        read(fd, buffer, 0, buffer.length, null, (error, bytes) => {
          if (error || bytes === 0) {
            closeOnce();
            onEnd(error ? (error.code ?? error.message) : 'connection closed');
            return;
          }
          onData(Buffer.from(buffer.subarray(0, bytes)));
          next();
        });
      };
      next();
    },
    end: closeOnce,
  };
}

/** Opens a character device read-write (a virtio-serial port). */
export function openDevice(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    open(path, 'r+', (error, fd) => {
      if (error) reject(error);
      else resolve(fd);
    });
  });
}

/**
 * Messages of type `In` in, `Out` out. Incoming messages are queued for receive(), or handed to
 * the listener set with onMessage(); a line that is not a message of `In` closes the channel.
 */
export class Channel<In extends { type: string }, Out extends PartyMessage | BarrierMessage> {
  private readonly queue: In[] = [];
  private readonly waiters: ((message: In | Error) => void)[] = [];
  private listener: ((message: In) => void) | undefined;
  private endReason: string | undefined;
  private readonly closeListeners: ((reason: string) => void)[] = [];

  constructor(
    private readonly transport: Transport,
    schema: z.ZodType<In>,
  ) {
    const lines = new LineSplitter();
    transport.start(
      (chunk) => {
        if (this.endReason !== undefined) return;
        try {
          for (const line of lines.push(chunk)) this.deliver(decode(schema, line));
        } catch (error) {
          this.finish((error as Error).message);
          transport.end();
        }
      },
      (reason) => {
        this.finish(reason);
      },
    );
  }

  get isClosed(): boolean {
    return this.endReason !== undefined;
  }

  send(message: Out): void {
    if (this.endReason === undefined) this.transport.write(encode(message));
  }

  /** Every later message goes to `listener` (queued ones first). */
  onMessage(listener: (message: In) => void): void {
    this.listener = listener;
    for (const message of this.queue.splice(0)) listener(message);
  }

  /** Called once when the channel closes, with why. */
  onClose(listener: (reason: string) => void): void {
    if (this.endReason !== undefined) listener(this.endReason);
    else this.closeListeners.push(listener);
  }

  /**
   * The next message. Rejects with SyncTimeoutError(`timeoutText`) after `timeoutMs`, with an Error
   * when the channel closes first, and with the signal's reason when `signal` aborts.
   */
  receive(timeoutMs: number, timeoutText: string, signal?: AbortSignal): Promise<In> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.endReason !== undefined) return Promise.reject(new Error(this.endReason));
    return new Promise((resolve, reject) => {
      const settle = (message: In | Error): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (message instanceof Error) reject(message);
        else resolve(message);
      };
      const drop = (): void => {
        const index = this.waiters.indexOf(settle);
        if (index >= 0) this.waiters.splice(index, 1);
      };
      const timer = setTimeout(() => {
        drop();
        settle(new SyncTimeoutError(timeoutText));
      }, timeoutMs);
      const onAbort = (): void => {
        drop();
        settle(signal?.reason instanceof Error ? signal.reason : new Error('stopped'));
      };
      signal?.addEventListener('abort', onAbort);
      this.waiters.push(settle);
    });
  }

  close(): void {
    this.transport.end();
    this.finish('closed here');
  }

  private deliver(message: In): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(message);
    else if (this.listener) this.listener(message);
    else this.queue.push(message);
  }

  private finish(reason: string): void {
    if (this.endReason !== undefined) return;
    this.endReason = reason;
    for (const waiter of this.waiters.splice(0)) waiter(new Error(reason));
    for (const listener of this.closeListeners.splice(0)) listener(reason);
  }
}
