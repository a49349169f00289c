// Units: parsing sizes, converting ticks. Names carry their unit (bytes, ticks, seconds, hz).
import { expected } from './errors.js';

const SIZE_PATTERN = /^(\d+)\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)$/i;
const SIZE_FACTORS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * Parses `256K`, `1MiB`, `512kb` or plain bytes. K, M and G are binary (1024-based), as the thesis's
 * "256 KB" buffers are.
 */
export function parseSize(text: string, name = 'size'): number {
  const match = SIZE_PATTERN.exec(text.trim());
  const [, digits = '', unit = ''] = match ?? [];
  const factor = SIZE_FACTORS[unit.toLowerCase().charAt(0)];
  const bytes = match && factor !== undefined ? Number(digits) * factor : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw expected('a positive size such as 4096, 256K, 512KiB or 1M', name, text);
  }
  return bytes;
}

/** Parses a comma-separated list of sizes: `256K,512K,1M`. */
export function parseSizes(text: string, name = 'sizes'): number[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.some((part) => part === '')) {
    throw expected('a comma-separated list of sizes such as 256K,512K,1M', name, text);
  }
  return parts.map((part) => parseSize(part, name));
}

/** 262144 -> "256K", 1048576 -> "1M", 1000 -> "1000B". */
export function formatBytes(bytes: number): string {
  for (const [suffix, factor] of [
    ['G', 1024 ** 3],
    ['M', 1024 ** 2],
    ['K', 1024],
  ] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  return `${bytes}B`;
}

/** Bytes to one decimal of the largest fitting binary unit: 1.5 GiB, 300.0 MiB, 512 B. */
export function formatBytesApprox(bytes: number): string {
  for (const [suffix, factor] of [
    ['TiB', 1024 ** 4],
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= factor) return `${(bytes / factor).toFixed(1)} ${suffix}`;
  }
  return `${bytes} B`;
}

export function ticksToSeconds(ticks: number, hz: number): number {
  return ticks / hz;
}

/** Seconds to a short human string: 1.234 s, 12.3 ms, 45.6 µs. */
export function formatSeconds(seconds: number): string {
  // By magnitude, so a negative bound (an interval reaching below 0) keeps the unit of its size.
  if (Math.abs(seconds) >= 1) return `${seconds.toFixed(3)} s`;
  if (Math.abs(seconds) >= 1e-3) return `${(seconds * 1e3).toFixed(3)} ms`;
  return `${(seconds * 1e6).toFixed(3)} µs`;
}
