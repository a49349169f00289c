// The scratch file is used only when whole: a build killed part-way leaves a temp file that is
// removed, never read; a wrong-sized file under its name is rebuilt; a cache too small is refused
// before a byte is written, with what is needed, what is free and what to do.
import { spawn } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

import { isTempFileName } from '../ts/base/atomic-write.js';
import { UsageError } from '../ts/base/errors.js';
import { ensureScratchFile } from '../ts/measure/scratch.js';
import { root } from './helpers/files.js';
import { mountTmpfs, needsTmpfsMounts, useMountRoot } from './helpers/mounts.js';
import { requires } from './helpers/requires.js';

const MiB = 1024 ** 2;
/** Three of the writer's 8 MiB chunks. */
const BYTES = 24 * MiB;

/**
 * Builds the scratch file in `dir` in a child process that stops dead after its first chunk, then
 * kills it with SIGKILL (as a power loss or the OOM killer would): what a killed build leaves.
 */
async function killedBuild(dir: string): Promise<void> {
  const dist = (file: string) => JSON.stringify(pathToFileURL(path.join(root, 'dist', file)).href);
  const script = `import { writeSyscalls } from ${dist('base/atomic-write.js')};
import { ensureScratchFile } from ${dist('measure/scratch.js')};
const write = writeSyscalls.write;
let written = 0;
writeSyscalls.write = (fd, buffer, offset, length) => {
  const bytes = write(fd, buffer, offset, length);
  written += bytes;
  if (written >= ${8 * MiB}) {
    process.stdout.write('stalled\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  }
  return bytes;
};
ensureScratchFile(${BYTES}, ${JSON.stringify(dir)});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (data: Buffer) => {
      if (data.toString().includes('stalled')) resolve();
    });
    child.on('exit', (code) => {
      reject(new Error(`the build ended (${String(code)}) before it stalled`));
    });
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
}

function isRandom(file: string): boolean {
  const bytes = readFileSync(file);
  // Random bytes, at the start, middle and end: 4 KiB of them take well over 200 distinct values.
  return [0, BYTES / 2, BYTES - 4096].every((offset) => new Set(bytes.subarray(offset, offset + 4096)).size > 200);
}

requires(needsTmpfsMounts()).describe('scratch file', () => {
  const mountRoot = useMountRoot();

  it('a build killed part-way leaves only a temp file, which the next build removes before checking free space', async () => {
    // Room for one scratch file and 4 MiB: the killed build's 8 MiB must go for the next one to fit.
    const cache = mountTmpfs(mountRoot(), 'cache', { sizeBytes: BYTES + 4 * MiB });
    await killedBuild(cache);
    const left = readdirSync(cache);
    expect(left).toHaveLength(1);
    expect(isTempFileName(left[0]!)).toBe(true);
    expect(left[0]).toMatch(new RegExp(`^\\.scratch-${BYTES}\\.bin\\.\\d+-[0-9a-f]{12}\\.tmp$`));

    const file = ensureScratchFile(BYTES, cache);
    expect(readdirSync(cache)).toEqual([path.basename(file)]);
    expect(lstatSync(file).size).toBe(BYTES);
    expect(isRandom(file)).toBe(true);
  });

  it('rebuilds a file of the wrong size under its name, replacing a symbolic link rather than writing through it', () => {
    const cache = mountTmpfs(mountRoot(), 'cache', { sizeBytes: 2 * BYTES });
    const file = path.join(cache, `scratch-${BYTES}.bin`);
    writeFileSync(file, Buffer.alloc(BYTES / 2));
    expect(ensureScratchFile(BYTES, cache)).toBe(file);
    expect(lstatSync(file).size).toBe(BYTES);
    expect(isRandom(file)).toBe(true);

    const victim = path.join(cache, 'victim');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, path.join(cache, 'scratch-4096.bin'));
    const small = ensureScratchFile(4096, cache);
    expect(lstatSync(small).isFile()).toBe(true);
    expect(lstatSync(small).size).toBe(4096);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(readdirSync(cache).filter(isTempFileName)).toEqual([]);
  });

  it('refuses a cache without room before writing, saying what is needed, what is free and what to do', () => {
    const cache = mountTmpfs(mountRoot(), 'small', { sizeBytes: BYTES / 2 });
    let error: unknown;
    try {
      ensureScratchFile(BYTES, path.join(cache, 'mintbench'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(
      `Expected a directory with 24.0 MiB free for the scratch file for MINTBENCH_CACHE but received ${JSON.stringify(path.join(cache, 'mintbench'))} (its filesystem has 12.0 MiB free: set MINTBENCH_CACHE to a directory with room, or pass --device to read a disk or file instead)`,
    );
    expect(readdirSync(cache)).toEqual([]);
  });
});
