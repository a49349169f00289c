// Decoded PNG files, to look at their pixels.
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, row by row. */
  data: Buffer;
}

export function decodePng(bytes: Buffer): Pixels {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, data: png.data };
}

export function readPng(file: string): Pixels {
  return decodePng(readFileSync(file));
}

/** Pixels in the rectangle whose colour differs from (r, g, b) by more than `tolerance` in a channel. */
export function pixelsUnlike(
  image: Pixels,
  rgb: readonly [number, number, number],
  area: { x: number; y: number; width: number; height: number },
  tolerance = 16,
): number {
  let count = 0;
  for (let y = area.y; y < Math.min(image.height, area.y + area.height); y += 1) {
    for (let x = area.x; x < Math.min(image.width, area.x + area.width); x += 1) {
      const i = (y * image.width + x) * 4;
      if (rgb.some((value, c) => Math.abs((image.data[i + c] ?? 0) - value) > tolerance)) count += 1;
    }
  }
  return count;
}
