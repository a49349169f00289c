// Mirrors native/offsets.h: the seeded offsets generator and the buffer fingerprint, so results can
// be reproduced and checked from TypeScript.
const MASK_64 = (1n << 64n) - 1n;

/** SplitMix64 output stream for `seed`. */
export function* splitMix64(seed: bigint): Generator<bigint, never> {
  let state = seed & MASK_64;
  for (;;) {
    state = (state + 0x9e3779b97f4a7c15n) & MASK_64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
    yield z ^ (z >> 31n);
  }
}

/** The byte offsets of the first `count` reads: (splitmix64 mod slots) * blockBytes. */
export function readOffsets(seed: number, count: number, targetBytes: number, readBytes: number, blockBytes: number): number[] {
  const slots = BigInt(Math.floor((targetBytes - readBytes) / blockBytes) + 1);
  const stream = splitMix64(BigInt(seed));
  return Array.from({ length: count }, () => Number((stream.next().value % slots) * BigInt(blockBytes)));
}

/** FNV-1a over 64-bit little-endian words, as a 16-digit hex string. */
export function fingerprintWords(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i + 8 <= bytes.byteLength; i += 8) {
    hash = ((hash ^ view.getBigUint64(i, true)) * 0x100000001b3n) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}
