// What kind of file a path is, in words, for messages that refuse it ("it is a FIFO").
import type { BigIntStats, Stats } from 'node:fs';

/** "a regular file", "a block device", "a directory", ...; stat() follows links, so a link to a device is a device. */
export function fileKind(stats: Stats | BigIntStats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'a special file';
}
