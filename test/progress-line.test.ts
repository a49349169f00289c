import { describe, expect, it } from 'vitest';

import { progressLine, progressText } from '../ts/commands/progress.js';

describe('progress', () => {
  it('draws one line redrawn with \\r on a terminal, and nothing elsewhere or when quiet', () => {
    const written: string[] = [];
    const tty = { isTTY: true, write: (text: string) => written.push(text) };
    const bar = progressLine(false, tty);
    bar.update(3, 12, 'mem', 512 * 1024);
    bar.update(12, 12, 'io', 1024 * 1024);
    bar.finish();
    expect(written[0]).toBe(`\r${progressText(3, 12, 'mem', 512 * 1024)}`);
    expect(progressText(3, 12, 'mem', 512 * 1024)).toBe('[######..................] 3/12 mem 512K');
    expect(progressText(12, 12, 'cpu', null)).toBe('[########################] 12/12 cpu');
    expect(written.at(-1)).toMatch(/^\r +\r$/);
    const silent: string[] = [];
    progressLine(false, { isTTY: false, write: (text: string) => silent.push(text) }).update(1, 2, 'cpu', null);
    progressLine(true, { isTTY: true, write: (text: string) => silent.push(text) }).update(1, 2, 'cpu', null);
    expect(silent).toEqual([]);
  });
});
