import { describe, expect, it } from 'vitest';

import { formatBytes, formatSeconds, parseSize, parseSizes } from '../ts/base/units.js';

describe('sizes', () => {
  it.each([
    ['4096', 4096],
    ['256K', 262144],
    ['256k', 262144],
    ['512KB', 524288],
    ['512KiB', 524288],
    ['1M', 1048576],
    ['1MiB', 1048576],
    ['2G', 2147483648],
  ])('parses %s as %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it('parses the default list', () => {
    expect(parseSizes('256K,512K,1M')).toEqual([262144, 524288, 1048576]);
  });

  it.each(['', '0', '-4K', '1.5M', 'big', '12Q', '256K,,1M'])('refuses %j, naming the option and the allowed values', (text) => {
    expect(() => parseSizes(text)).toThrow(/^Expected .*256K.* for sizes but received /);
  });

  it('formats sizes back', () => {
    expect([262144, 1048576, 1000, 3 * 1024 ** 3].map(formatBytes)).toEqual(['256K', '1M', '1000B', '3G']);
  });
});

describe('seconds', () => {
  it('picks the unit by magnitude, also for a negative interval bound', () => {
    expect([1.5, 0.0123, 0.0000456, -0.0025].map(formatSeconds)).toEqual(['1.500 s', '12.300 ms', '45.600 µs', '-2.500 ms']);
  });
});
