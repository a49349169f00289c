import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { addonFacts, elfSectionStrings, type AddonFacts } from '../ts/env/addon.js';
import { addonPath } from '../ts/measure/native.js';
import { runCli } from './helpers/cli.js';
import { root, tempDir } from './helpers/files.js';

const scratch = tempDir();
afterAll(scratch.cleanup);

describe('addon provenance', () => {
  it('reads the flags the compiler recorded in the loaded binary, and nothing from other files', () => {
    const binary = readFileSync(addonPath());
    const flags = elfSectionStrings(binary, '.GCC.command.line');
    expect(flags.length).toBeGreaterThan(0);
    for (const entry of flags) expect(entry).toMatch(/^GNU C\+\+17 \d+\.\d+\.\d+ .*-std=c\+\+17/);
    expect(elfSectionStrings(binary, '.comment').join('\n')).toMatch(/^GCC: /m);
    expect(elfSectionStrings(binary, '.no-such-section')).toEqual([]);
    expect(elfSectionStrings(Buffer.from('#!/bin/sh\n'.padEnd(128)), '.comment')).toEqual([]);
  });

  it("says prebuilt for a binary in the package's prebuilds/, compiled for any other", () => {
    const prebuilt = path.join(scratch.dir, 'prebuilds', 'linux-x64', 'mintbench.glibc.node');
    const beside = path.join(scratch.dir, 'prebuilds-old', 'mintbench.node');
    for (const file of [prebuilt, beside]) {
      mkdirSync(path.dirname(file), { recursive: true });
      copyFileSync(addonPath(), file);
    }
    const here = addonFacts(addonPath(), root);
    // In a checkout every build (node-gyp's, cmake-js's, the sanitizer's) was compiled on this machine.
    expect(here.origin).toBe('compiled');
    expect(addonFacts(prebuilt, scratch.dir)).toEqual({ origin: 'prebuilt', path: prebuilt, buildFlags: here.buildFlags });
    expect(addonFacts(beside, scratch.dir).origin).toBe('compiled');
  });

  it('info shows the binary, and every result file records the same', () => {
    const info = runCli(['info', '--json']);
    expect(info.status, info.stderr).toBe(0);
    const addon = (JSON.parse(info.stdout) as { addon: AddonFacts }).addon;
    expect(addon).toEqual(addonFacts(addonPath(), root));
    const text = runCli(['info']);
    expect(text.stdout).toContain(`  binary         compiled here: ${addon.path}\n`);
    expect(text.stdout).toContain(`  built with     ${addon.buildFlags[0] ?? ''}\n`);
    const run = runCli(['cpu', '--iterations', '1000', '--reps', '1', '--warmup', '0', '--json', '--out', scratch.dir]);
    expect(run.status, run.stderr).toBe(0);
    const record = JSON.parse(run.stdout) as { machine: { addon: AddonFacts } };
    expect(record.machine.addon).toEqual(addon);
  });
});
