// O_DIRECT reads through devices whose logical block is a page or larger: the read buffer must be
// aligned to the larger of the two, as strace sees it in every read() of the target, and the bytes
// read must be the target's own.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';

import type { NativeTarget } from '../ts/measure/native.js';
import { fingerprintWords } from '../ts/measure/offsets.js';
import { runAddonInChild } from './helpers/addon-child.js';
import { useTempTarget } from './helpers/files.js';
import { needsLoopDevice, withReadOnlyLoopDevice } from './helpers/loop-device.js';
import { requires } from './helpers/requires.js';
import { needsStrace } from './helpers/strace.js';

const target = useTempTarget(4 * 1024 * 1024);
const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }));
const READS = 4;
const REPETITIONS = 3;
/**
 * Every read() and close() printed with raw numbers, so that the buffer's address shows; one log per
 * thread (-ff), where no call is split into "unfinished" and "resumed" halves by another thread's.
 */
const STRACE = ['-ff', '-qq', '-e', 'trace=openat,read,close', '-e', 'raw=read,close'];

interface TracedRead {
  bufferAddress: bigint;
  countBytes: number;
  resultBytes: number;
}

/** The read() calls made on `device` while the addon had it open with O_DIRECT, from one thread's strace log. */
function directReads(log: string, device: string): TracedRead[] {
  const reads: TracedRead[] = [];
  let fd: number | undefined;
  for (const line of log.split('\n')) {
    const opened = /openat\(AT_FDCWD, "([^"]+)", ([A-Z_|]+)\)\s+= (\d+)$/.exec(line);
    if (opened?.[1] === device && opened[2]?.includes('O_DIRECT')) fd = Number(opened[3]);
    const closed = /close\(0x([0-9a-f]+)\)/.exec(line);
    if (closed && Number.parseInt(closed[1]!, 16) === fd) fd = undefined;
    const read = /read\(0x([0-9a-f]+), 0x([0-9a-f]+), 0x([0-9a-f]+)\)\s+= (-?(?:0x)?[0-9a-f]+)/.exec(line);
    if (read && fd !== undefined && Number.parseInt(read[1]!, 16) === fd) {
      reads.push({ bufferAddress: BigInt(`0x${read[2]!}`), countBytes: Number.parseInt(read[3]!, 16), resultBytes: Number(read[4]) });
    }
  }
  return reads;
}

interface ChildRun {
  readBytes: number;
  target: NativeTarget;
  offsets: number[];
  readFingerprints: string[];
}

describe('O_DIRECT read buffer', () => {
  // 4 KiB: as large as a page; 16 and 64 KiB: larger, which loop devices allow since Linux 6.15 or so.
  requires(needsLoopDevice(), needsStrace(STRACE)).for(
    [4096, 16 * 1024, 64 * 1024],
    'is aligned to max(page, logical block) on a read-only loop device of %i-byte sectors',
    async (sectorBytes, context) => {
      let attached = false;
      await withReadOnlyLoopDevice(
        target.file,
        (device) => {
          attached = true;
          const sizes = [sectorBytes, 4 * sectorBytes];
          const logs = mkdtempSync(path.join(target.dir, 'strace-'));
          const runs = runAddonInChild(
            `const runs = [];
for (const readBytes of ${JSON.stringify(sizes)}) {
  const result = await addon.run({ repetitions: ${REPETITIONS}, reads: ${READS}, readBytes, device: ${JSON.stringify(device)}, direct: true, seed: 5 }).result;
  runs.push({ readBytes, target: result.target, offsets: result.offsets, readFingerprints: result.readFingerprints });
}
return runs;`,
            { prefix: ['strace', ...STRACE, '-o', path.join(logs, 'thread')] },
          ) as ChildRun[];
          const alignment = BigInt(Math.max(PAGE_BYTES, sectorBytes));
          // Each run opens, reads and closes the device on one thread: its reads are in that thread's log, in order.
          const reads = readdirSync(logs)
            .flatMap((name) => directReads(readFileSync(path.join(logs, name), 'utf8'), device))
            .sort((a, b) => a.countBytes - b.countBytes);
          expect(reads.map((read) => read.countBytes)).toEqual(sizes.flatMap((size) => Array<number>(READS * REPETITIONS).fill(size)));
          for (const read of reads) {
            expect(read.resultBytes).toBe(read.countBytes);
            expect(read.bufferAddress % alignment, `buffer 0x${read.bufferAddress.toString(16)}`).toBe(0n);
          }
          for (const run of runs) {
            expect(run.target).toMatchObject({ kind: 'block-device', blockBytes: sectorBytes, direct: true });
            // Each repetition's fingerprint is that of its last read: the target's own bytes at that offset.
            const lastOffsets = run.offsets.filter((_, i) => i % READS === READS - 1);
            expect(run.readFingerprints).toEqual(
              lastOffsets.map((offset) => fingerprintWords(target.content.subarray(offset, offset + run.readBytes))),
            );
            for (const offset of run.offsets) expect(offset % sectorBytes).toBe(0);
          }
        },
        sectorBytes,
      ).catch((error: unknown) => {
        // An older kernel refuses loop sectors larger than a page: say so, as a skip, never as a pass.
        if (attached || sectorBytes <= PAGE_BYTES) throw error;
        context.skip(`this kernel refuses a loop device of ${sectorBytes}-byte sectors`);
      });
    },
  );
});
