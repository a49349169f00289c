// Guests see the host's paths, /tmp included, under QEMU TCG: a shell job that reads, writes and
// removes host files under /tmp (the overlay keeps the host's files as they were), a whole install
// of mintbench copied under /tmp and run from a working directory there, and a job that fails,
// whose status and last output line the launcher's message gives.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { EXIT_RUNTIME } from '../ts/commands/exit-codes.js';
import { guestJobEnd } from '../ts/guest/console.js';
import { ensureKit, type Kit } from '../ts/guest/kit.js';
import { startQemu, type QemuSpec } from '../ts/guest/qemu.js';
import { loadRecords } from '../ts/results/store.js';
import { runCliAsync, type CliResult } from './helpers/cli.js';
import { root, tempDir } from './helpers/files.js';
import { describeGuests, TCG } from './helpers/guests.js';

/** A boot and a tiny job take about 20 s under TCG; much longer on a loaded machine. */
const BOOT_TEST_MS = 900_000;
const TINY_CPU = ['cpu', '--iterations', '100000', '--reps', '2', '--warmup', '1'];

/** Runs `cli` (a dist/cli.js) in `cwd`, killed after BOOT_TEST_MS. */
function runIn(cwd: string, cli: string, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: BOOT_TEST_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => {
      resolve({ status, stdout, stderr });
    });
  });
}

describeGuests('guests see the host’s paths, /tmp included (TCG)', () => {
  // tempDir() is under os.tmpdir(): /tmp, where the guest's init used to mount a tmpfs of its own.
  const temp = tempDir();
  let kit: Kit;
  afterAll(temp.cleanup);

  beforeAll(async () => {
    expect(temp.dir.startsWith('/tmp/')).toBe(true);
    kit = (await ensureKit()).kit;
  }, BOOT_TEST_MS);

  it(
    "a job reads the host's files under /tmp and writes and removes there freely, and the host's files stay as they were",
    async () => {
      const shared = path.join(temp.dir, 'shared');
      mkdirSync(shared);
      writeFileSync(path.join(shared, 'from-host'), 'written on the host\n');
      const runDir = path.join(temp.dir, 'run');
      mkdirSync(runDir);
      const disk = path.join(temp.dir, 'disk.img');
      writeFileSync(disk, Buffer.alloc(1024 * 1024));
      const spec: QemuSpec = {
        name: 'a',
        kit,
        accel: 'tcg',
        memoryBytes: 256 * 1024 ** 2,
        disk,
        aio: 'native',
        consoleLog: path.join(temp.dir, 'console.log'),
        resultsDir: temp.dir,
        runDir,
      };
      const job = [
        `cd '${shared}' || exit 1`,
        'echo "read: $(cat from-host)"',
        'echo guest > from-guest && echo "wrote: $(cat from-guest)"',
        'rm from-host && echo removed',
        'scratch=$(mktemp) && echo ok > "$scratch" && echo "mktemp: $(cat "$scratch")"',
        'echo "listed: $(ls)"',
        'exit 3',
        '',
      ].join('\n');
      const qemu = await startQemu(spec, job);
      try {
        await qemu.qmp.execute('cont');
        const ending = await qemu.exited;
        // QEMU's own status is the poweroff's, whatever the job's was.
        expect(ending.code).toBe(0);
      } finally {
        qemu.kill();
        qemu.qmp.close();
        qemu.sync.destroy();
      }
      const consoleText = readFileSync(spec.consoleLog, 'utf8');
      expect(guestJobEnd(consoleText, 10)).toEqual({
        status: 3,
        lastLines: ['read: written on the host', 'wrote: guest', 'removed', 'mktemp: ok', 'listed: from-guest'],
      });
      // The guest's writes went to its overlay: the host's directory is as it was.
      expect(readFileSync(path.join(shared, 'from-host'), 'utf8')).toBe('written on the host\n');
      expect(existsSync(path.join(shared, 'from-guest'))).toBe(false);
    },
    BOOT_TEST_MS,
  );

  it(
    'config run 4 from an install under /tmp, run from a working directory under /tmp, writes its result',
    async () => {
      // What an install holds (package.json's files) and the addon it compiled; its dependencies from the repository's node_modules.
      const install = path.join(temp.dir, 'install');
      for (const part of ['package.json', 'dist', 'guest-image', 'results/reference', 'results/schema', 'build/Release/mintbench.node'])
        cpSync(path.join(root, part), path.join(install, part), { recursive: true });
      symlinkSync(path.join(root, 'node_modules'), path.join(install, 'node_modules'));
      const work = path.join(temp.dir, 'work');
      mkdirSync(work);
      const run = await runIn(work, path.join(install, 'dist', 'cli.js'), [
        'config',
        'run',
        '4',
        '--out',
        'out',
        ...TCG,
        '--timeout',
        '600',
        '--',
        ...TINY_CPU,
      ]);
      expect(run.status, run.stderr).toBe(0);
      const { records, errors } = loadRecords([path.join(work, 'out')]);
      expect(errors).toEqual([]);
      expect(records.map(({ record }) => record.configuration.label)).toEqual(['4']);
      // The guest's job went into the install under /tmp and ran its dist/cli.js (with the init's
      // tmpfs over /tmp it could not: "cd: can't cd to /tmp/…", status 1).
      const consoleText = readFileSync(path.join(work, 'out', records[0]!.record.launch!.log), 'utf8');
      expect(guestJobEnd(consoleText).status).toBe(0);
    },
    BOOT_TEST_MS,
  );

  it(
    "a job that fails: the launcher's line gives the job's own status and its last output line, and names the console log",
    async () => {
      const dir = path.join(temp.dir, 'failing');
      const run = await runCliAsync(
        ['config', 'run', '4', '--out', dir, ...TCG, '--timeout', '600', '--', 'cpu', '--reps', '0'],
        {},
        BOOT_TEST_MS,
      );
      expect(run.status).toBe(EXIT_RUNTIME);
      const errors = run.stderr.split('\n').filter((line) => line.startsWith('mintbench:'));
      expect(errors).toEqual([
        expect.stringMatching(
          /^mintbench: guest a ended without a result: its job exited with status 2, its last output: "mintbench: Expected an integer from 1 to \d+ for --reps but received 0"; its log: (\S+-4-a-console\.log)$/,
        ),
      ]);
      const log = / its log: (\S+)$/.exec(errors[0]!)![1]!;
      expect(path.dirname(log)).toBe(dir);
      expect(readFileSync(log, 'utf8')).toMatch(/mintbench-guest: the job exited with status 2/);
    },
    BOOT_TEST_MS,
  );
});
