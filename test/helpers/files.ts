// Temporary files and directories the tests make themselves (never the machine's disks), and the repository root.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mintbench-test-'));
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh temporary directory for a test file's tests, made before them and removed after: call the returned function inside tests and hooks. */
export function useTempDir(): () => string {
  let made: { dir: string; cleanup: () => void } | undefined;
  beforeAll(() => {
    made = tempDir();
  });
  afterAll(() => {
    made?.cleanup();
  });
  return () => {
    if (!made) throw new Error('useTempDir: read only inside tests and hooks');
    return made.dir;
  };
}

/** Content where every 8-byte word holds its own byte offset times an odd constant: any misplaced read shows. */
export function patternBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let offset = 0; offset + 8 <= length; offset += 8) {
    bytes.writeBigUInt64LE((BigInt(offset) * 0x9e3779b97f4a7c15n + 1n) & ((1n << 64n) - 1n), offset);
  }
  return bytes;
}

export function writePatternFile(dir: string, length: number, name = 'target.bin'): { file: string; content: Buffer } {
  const file = path.join(dir, name);
  const content = patternBytes(length);
  writeFileSync(file, content);
  return { file, content };
}

/** A temporary directory holding a pattern file of `bytes`, made before a test file's tests and removed after them. */
export function useTempTarget(bytes: number): { readonly dir: string; readonly file: string; readonly content: Buffer } {
  let made: { dir: string; cleanup: () => void; file: string; content: Buffer } | undefined;
  beforeAll(() => {
    const { dir, cleanup } = tempDir();
    made = { dir, cleanup, ...writePatternFile(dir, bytes) };
  });
  afterAll(() => {
    made?.cleanup();
  });
  const get = () => {
    if (!made) throw new Error('useTempTarget: read only inside tests');
    return made;
  };
  return {
    get dir() {
      return get().dir;
    },
    get file() {
      return get().file;
    },
    get content() {
      return get().content;
    },
  };
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
