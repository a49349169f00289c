// The guest kit's build checks its room before fetching anything, and clears builds that a killed
// process left behind, keeping those of a process still at work. Needs apt's package lists (the
// kernel package's sizes) and a tmpfs it mounts itself, never the machine's disk.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';

import { UsageError } from '../ts/base/errors.js';
import { ensureKit, KERNEL_META_PACKAGE, kitsDir } from '../ts/guest/kit.js';
import { mountTmpfs, needsTmpfsMounts, useMountRoot } from './helpers/mounts.js';
import { dependency, requires } from './helpers/requires.js';

const aptKnowsKernel = spawnSync('apt-cache', ['show', '--no-all-versions', KERNEL_META_PACKAGE]).status === 0;
const aptLists = dependency(aptKnowsKernel ? undefined : `apt's package lists: apt-cache knows no ${KERNEL_META_PACKAGE} (apt-get update)`);
const mountRoot = useMountRoot();
const savedCache = process.env.MINTBENCH_CACHE;

afterEach(() => {
  if (savedCache === undefined) delete process.env.MINTBENCH_CACHE;
  else process.env.MINTBENCH_CACHE = savedCache;
});

requires(needsTmpfsMounts(), aptLists).describe('guest kit: room and leftovers', () => {
  it('refuses a cache without room before fetching, and removes only the builds of processes that are gone', async () => {
    const cache = mountTmpfs(mountRoot(), 'small-cache', { sizeBytes: 16 * 1024 * 1024 });
    process.env.MINTBENCH_CACHE = cache;
    const kits = kitsDir();
    const finished = spawnSync('true');
    const abandoned = `.build-${finished.pid}-0badc0de`;
    const underWay = `.build-${process.pid}-0badc0de`;
    for (const name of [abandoned, underWay]) {
      mkdirSync(path.join(kits, name), { recursive: true });
      writeFileSync(path.join(kits, name, 'partial.deb'), 'x');
    }

    const error = await ensureKit().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(
      /^Expected a directory with [\d.]+ MiB free for the guest kit for MINTBENCH_CACHE but received ".+" \(its filesystem has [\d.]+ MiB free: set MINTBENCH_CACHE to a directory with room \(the kernel package is unpacked there while the kit is made\)\)$/,
    );
    expect(readdirSync(kits)).toEqual([underWay]);
  });
});
