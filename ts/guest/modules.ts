// The kernel modules the guest needs, in load order. Debian's kernel builds the virtio, 9p and
// overlay drivers as modules, and its package ships no modules.dep (depmod runs at install), so
// each module's dependencies are read from its own .modinfo strings ("depends=a,b").
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What the guest uses: the PCI transport, its disk, its serial port, the 9p shares and the overlay. */
export const GUEST_MODULES: readonly string[] = ['virtio_pci', 'virtio_blk', 'virtio_console', '9pnet_virtio', '9p', 'overlay'];

/** Module names use _ where file names may use -. */
export function moduleName(fileOrName: string): string {
  return path.basename(fileOrName).replace(/\.ko$/, '').replace(/-/g, '_');
}

/** The modules `module` depends on, from the "depends=" string of its .modinfo section. */
export function moduleDepends(bytes: Buffer): string[] {
  const key = Buffer.from('\0depends=');
  const at = bytes.indexOf(key);
  if (at < 0) return [];
  const start = at + key.length;
  const end = bytes.indexOf(0, start);
  const value = bytes.subarray(start, end < 0 ? bytes.length : end).toString('latin1');
  return value === '' ? [] : value.split(',').map(moduleName);
}

/** Every .ko under `dir`, by module name. */
export function indexModules(dir: string): Map<string, string> {
  const index = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ko')) index.set(moduleName(entry.name), path.join(entry.parentPath, entry.name));
  }
  return index;
}

/**
 * `wanted` and everything they depend on, dependencies first, as [name, file] pairs. Modules the
 * kernel has built in (`builtin`) are left out; one that is neither a file nor built in is an error.
 */
export function loadOrder(
  wanted: readonly string[],
  files: ReadonlyMap<string, string>,
  builtin: ReadonlySet<string>,
  readDepends: (file: string) => string[] = (file) => moduleDepends(readFileSync(file)),
): [string, string][] {
  const order: [string, string][] = [];
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (name: string, from: string): void => {
    if (done.has(name) || builtin.has(name)) return;
    if (visiting.has(name)) throw new Error(`the kernel modules depend on each other in a circle through ${name}`);
    const file = files.get(name);
    if (file === undefined) throw new Error(`the kernel package has no module ${name} (needed by ${from}) and does not build it in`);
    visiting.add(name);
    for (const dependency of readDepends(file)) visit(dependency, name);
    visiting.delete(name);
    done.add(name);
    order.push([name, file]);
  };
  for (const name of wanted) visit(name, 'the guest');
  return order;
}

/** Names of the modules a kernel builds in, from its modules.builtin (one kernel/…/name.ko per line). */
export function builtinModules(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(moduleName),
  );
}
