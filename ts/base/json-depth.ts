// How deep JSON text nests, found by a scan of its brackets before any parse: JSON.parse of a hostile
// file (a million `[`) costs time and memory in proportion to its depth before it can be refused.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * The byte offset of the first `[` or `{` in UTF-8 JSON `bytes` that opens level `maxDepth + 1`, or -1
 * when it never nests that deep. Brackets inside strings do not count (UTF-8 never puts these ASCII
 * bytes inside a multi-byte character). Invalid JSON is left to JSON.parse to refuse.
 */
export function depthExceededAt(bytes: Uint8Array, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let offset = 0; offset < bytes.length; offset += 1) {
    const byte = bytes[offset];
    if (inString) {
      if (byte === BACKSLASH) offset += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      depth += 1;
      if (depth > maxDepth) return offset;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth -= 1;
    }
  }
  return -1;
}
