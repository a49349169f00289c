// The guest boot kit (`mintbench guest build`): Debian's kernel and an initramfs, in the mintbench
// cache. Made from Debian packages only: the kernel package is fetched with apt-get download and
// unpacked with dpkg -x (never installed); the initramfs holds busybox-static, the modules the
// guest needs and guest-image/init, packed with cpio. The guest itself runs the host's node and
// mintbench over 9p, so the kit holds no mintbench code but its init: it is rebuilt when the
// kernel package, the init or mintbench's version changes.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { isAlive, syncDirectory, writeFileAtomic } from '../base/atomic-write.js';
import { diesWithParent } from '../base/die-with-parent.js';
import { checkFreeSpace, checkOutputDirectory } from '../base/output-checks.js';
import { MINTBENCH_VERSION, packageRoot } from '../base/version.js';
import { CACHE_NAME, cacheDir } from '../measure/scratch.js';
import { builtinModules, GUEST_MODULES, indexModules, loadOrder } from './modules.js';

/** Debian's meta-package whose dependency is the current kernel image package. */
export const KERNEL_META_PACKAGE = 'linux-image-amd64';
/** The statically linked busybox of Debian's busybox-static (there is no libc in the initramfs). */
export const BUSYBOX = '/bin/busybox';
export const INIT_SCRIPT = path.join(packageRoot, 'guest-image', 'init');

export interface KernelPackage {
  name: string;
  version: string;
}

/** What a kit is made of, kept beside it as kit.json. */
export interface Kit {
  dir: string;
  kernel: string;
  initramfs: string;
  kernelPackage: KernelPackage;
  /** The kernel's release, e.g. 6.1.0-56-amd64. */
  kernelRelease: string;
  modules: string[];
  mintbenchVersion: string;
  builtAt: string;
}

type KitFacts = Omit<Kit, 'dir' | 'kernel' | 'initramfs'>;

export function kitsDir(cache = cacheDir()): string {
  return path.join(cache, 'guest-kit');
}

function run(command: string, args: readonly string[], cwd?: string): string {
  try {
    const tied = diesWithParent(command, args);
    return execFileSync(tied.program, tied.args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failure = error as { code?: string; stderr?: string; message: string };
    if (failure.code === 'ENOENT') throw new Error(`${command} is not installed (the guest kit is made with Debian's tools)`);
    const detail = (failure.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? failure.message;
    throw new Error(`${command} ${args.join(' ')} failed: ${detail}`);
  }
}

/** The kernel image package the meta-package's candidate version points at, from apt's lists (no network). */
export function currentKernelPackage(): KernelPackage {
  let show: string;
  try {
    show = run('apt-cache', ['show', '--no-all-versions', KERNEL_META_PACKAGE]);
  } catch (error) {
    throw new Error(`${(error as Error).message} (the kit is made from Debian's packages: is apt-get update done?)`);
  }
  const depends = /^Depends:\s*(.*)$/m.exec(show)?.[1] ?? '';
  const match = /(linux-image-[^\s,(]+)\s*\(=\s*([^)\s]+)\)/.exec(depends);
  if (!match?.[1] || !match[2]) throw new Error(`${KERNEL_META_PACKAGE} depends on no linux-image package: ${JSON.stringify(depends)}`);
  return { name: match[1], version: match[2] };
}

/** The kit's key: what it is made of, so any change makes another kit. */
export function kitKey(kernelPackage: KernelPackage, init: string, mintbenchVersion = MINTBENCH_VERSION): string {
  const inputs = JSON.stringify({ kernelPackage, init, modules: GUEST_MODULES, mintbenchVersion });
  return createHash('sha256').update(inputs).digest('hex').slice(0, 16);
}

function readKit(dir: string): Kit | undefined {
  try {
    const facts = JSON.parse(readFileSync(path.join(dir, 'kit.json'), 'utf8')) as KitFacts;
    const kit = { ...facts, dir, kernel: path.join(dir, 'vmlinuz'), initramfs: path.join(dir, 'initramfs.img') };
    return existsSync(kit.kernel) && existsSync(kit.initramfs) ? kit : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `file` is a static executable: an ELF with no program interpreter (PT_INTERP). */
export function isStaticElf(bytes: Buffer): boolean {
  if (bytes.length < 64 || bytes.readUInt32BE(0) !== 0x7f454c46 || bytes[4] !== 2) return false; // ELF64 only
  const phoff = Number(bytes.readBigUInt64LE(32));
  const phentsize = bytes.readUInt16LE(54);
  const phnum = bytes.readUInt16LE(56);
  for (let i = 0; i < phnum; i += 1) {
    const at = phoff + i * phentsize;
    if (at + 4 > bytes.length) return false;
    if (bytes.readUInt32LE(at) === 3) return false; // PT_INTERP: linked against a libc the initramfs lacks
  }
  return true;
}

/** `dir` packed as a gzipped newc cpio archive, entries in sorted order (a few MiB: busybox and modules). */
async function packInitramfs(dir: string): Promise<Buffer> {
  const entries = ['.', ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()];
  const tied = diesWithParent('cpio', ['--create', '--format=newc', '--quiet', '--owner=0:0']);
  const cpio = spawn(tied.program, tied.args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  cpio.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  cpio.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve, reject) => {
    cpio.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error('cpio is not installed (apt-get install cpio)') : error);
    });
    cpio.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`cpio failed: ${stderr.trim()}`));
    });
  });
  cpio.stdin.end(`${entries.join('\n')}\n`);
  await exited;
  return gzipSync(Buffer.concat(chunks));
}

/** Bytes the kit's build takes at its peak: the package, unpacked, and the kit (Debian's Size and Installed-Size). */
function bytesToBuild(kernelPackage: KernelPackage): number {
  const show = run('apt-cache', ['show', '--no-all-versions', `${kernelPackage.name}=${kernelPackage.version}`]);
  const field = (name: string): number => {
    const value = new RegExp(`^${name}:\\s*(\\d+)$`, 'm').exec(show)?.[1];
    if (value === undefined) throw new Error(`apt-cache show ${kernelPackage.name}=${kernelPackage.version} lists no ${name}`);
    return Number(value);
  };
  const packageBytes = field('Size');
  const unpackedBytes = field('Installed-Size') * 1024;
  // The kit: the kernel image and an initramfs of a few MiB, well under a tenth of the unpacked tree.
  return packageBytes + unpackedBytes + Math.ceil(unpackedBytes / 10);
}

/** A build left behind by a process that is gone (killed, or the machine went down): `.build-<pid>-<hex>`. */
function isAbandonedBuild(name: string): boolean {
  const pid = /^\.build-(\d+)-[0-9a-f]+$/.exec(name)?.[1];
  return pid !== undefined && !isAlive(Number(pid));
}

/** Makes the kit for `kernelPackage` in a temporary directory beside the kits, then moves it into place. */
async function buildKit(kernelPackage: KernelPackage, key: string, log: (text: string) => void): Promise<Kit> {
  const kits = kitsDir();
  checkOutputDirectory(CACHE_NAME, kits);
  if (existsSync(kits)) {
    for (const name of readdirSync(kits)) if (isAbandonedBuild(name)) rmSync(path.join(kits, name), { recursive: true, force: true });
  }
  checkFreeSpace(
    'the guest kit',
    CACHE_NAME,
    kits,
    bytesToBuild(kernelPackage),
    `set ${CACHE_NAME} to a directory with room (the kernel package is unpacked there while the kit is made)`,
  );
  mkdirSync(kits, { recursive: true });
  const work = path.join(kits, `.build-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(work);
  try {
    const busybox = readFileSync(BUSYBOX);
    if (!isStaticElf(busybox)) throw new Error(`${BUSYBOX} is not statically linked: install busybox-static`);

    log(`fetching ${kernelPackage.name} ${kernelPackage.version} (apt-get download)`);
    run('apt-get', ['download', `${kernelPackage.name}=${kernelPackage.version}`], work);
    const deb = readdirSync(work).find((name) => name.endsWith('.deb'));
    if (deb === undefined) throw new Error(`apt-get download left no .deb for ${kernelPackage.name}`);
    log(`unpacking ${deb} (dpkg -x, not installed)`);
    const unpacked = path.join(work, 'package');
    run('dpkg', ['-x', deb, unpacked], work);

    const vmlinuz = readdirSync(path.join(unpacked, 'boot')).find((name) => name.startsWith('vmlinuz-'));
    if (vmlinuz === undefined) throw new Error(`${kernelPackage.name} holds no boot/vmlinuz-*`);
    const kernelRelease = vmlinuz.slice('vmlinuz-'.length);
    const modulesDir = path.join(unpacked, 'lib', 'modules', kernelRelease);
    const builtinFile = path.join(modulesDir, 'modules.builtin');
    const builtin = builtinModules(existsSync(builtinFile) ? readFileSync(builtinFile, 'utf8') : '');
    const modules = loadOrder(GUEST_MODULES, indexModules(path.join(modulesDir, 'kernel')), builtin);

    const kit = path.join(work, 'kit');
    const tree = path.join(work, 'initramfs');
    mkdirSync(path.join(tree, 'bin'), { recursive: true });
    mkdirSync(path.join(tree, 'modules'));
    writeFileSync(path.join(tree, 'bin', 'busybox'), busybox, { mode: 0o755 });
    writeFileSync(path.join(tree, 'init'), readFileSync(INIT_SCRIPT), { mode: 0o755 });
    for (const [name, file] of modules) writeFileSync(path.join(tree, 'modules', `${name}.ko`), readFileSync(file));
    writeFileSync(path.join(tree, 'modules.order'), `${modules.map(([name]) => name).join('\n')}\n`);
    mkdirSync(kit);
    log(`packing the initramfs: busybox, init and ${modules.length} modules (${modules.map(([name]) => name).join(', ')})`);
    // Each file whole and synced before the kit's directory is renamed into place (the kit's one atomic step).
    writeFileAtomic(path.join(kit, 'initramfs.img'), await packInitramfs(tree), { replace: false });
    writeFileAtomic(path.join(kit, 'vmlinuz'), readFileSync(path.join(unpacked, 'boot', vmlinuz)), { replace: false });
    const facts: KitFacts = {
      kernelPackage,
      kernelRelease,
      modules: modules.map(([name]) => name),
      mintbenchVersion: MINTBENCH_VERSION,
      builtAt: new Date().toISOString(),
    };
    writeFileAtomic(path.join(kit, 'kit.json'), `${JSON.stringify(facts, null, 2)}\n`, { replace: false });

    const final = path.join(kits, key);
    try {
      renameSync(kit, final);
      syncDirectory(kits);
    } catch (error) {
      // Another process made the same kit meanwhile: use theirs.
      if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
    const made = readKit(final);
    if (!made) throw new Error(`the guest kit in ${final} is incomplete`);
    return made;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Kits of earlier kernels or mintbench versions go once a new one is made. */
function removeOtherKits(keep: string): void {
  const kits = kitsDir();
  for (const name of readdirSync(kits)) {
    if (name === keep || name.startsWith('.')) continue;
    const dir = path.join(kits, name);
    if (statSync(dir).isDirectory()) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The kit for the current kernel package, init and mintbench: reused if made before, else made now
 * (that needs the Debian mirror). `rebuild` makes it anew even if it exists.
 */
export async function ensureKit(options: { rebuild?: boolean; log?: (text: string) => void } = {}): Promise<{ kit: Kit; built: boolean }> {
  const log = options.log ?? (() => undefined);
  const kernelPackage = currentKernelPackage();
  const key = kitKey(kernelPackage, readFileSync(INIT_SCRIPT, 'utf8'));
  const dir = path.join(kitsDir(), key);
  const existing = readKit(dir);
  if (existing && !options.rebuild) return { kit: existing, built: false };
  if (existing) rmSync(dir, { recursive: true, force: true });
  const kit = await buildKit(kernelPackage, key, log);
  removeOtherKits(key);
  return { kit, built: true };
}
