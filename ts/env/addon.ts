// Which addon binary made the numbers: one of the package's prebuilds or one compiled on this
// machine, where it lies, and how the compiler built it (the flags it recorded in the binary, kept
// there by -frecord-gcc-switches, which strip leaves alone). Other flags time the same work
// differently, so every result carries this.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface AddonFacts {
  /** 'prebuilt': from the package's prebuilds/ (npm run prebuild); 'compiled': built on this machine (npm install's fallback, node-gyp, cmake-js). */
  origin: 'prebuilt' | 'compiled';
  path: string;
  /** The compiler's record of itself and its code-generation flags, one entry per distinct set ("GNU C++17 12.2.0 -march=x86-64 -O3 ..."); empty where the binary holds none. */
  buildFlags: string[];
}

const ELF_MAGIC = '\x7fELF';
const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;

/** The NUL-separated strings of section `name` of a 64-bit little-endian ELF file (x86-64, aarch64); [] when it has none or is another format. */
export function elfSectionStrings(file: Buffer, name: string): string[] {
  if (file.length < 64 || file.toString('latin1', 0, 4) !== ELF_MAGIC || file[4] !== ELFCLASS64 || file[5] !== ELFDATA2LSB) return [];
  const headersAt = Number(file.readBigUInt64LE(0x28));
  const headerBytes = file.readUInt16LE(0x3a);
  const count = file.readUInt16LE(0x3c);
  const section = (index: number) => {
    const at = headersAt + index * headerBytes;
    return {
      nameAt: file.readUInt32LE(at),
      offset: Number(file.readBigUInt64LE(at + 0x18)),
      size: Number(file.readBigUInt64LE(at + 0x20)),
    };
  };
  const names = section(file.readUInt16LE(0x3e));
  for (let index = 0; index < count; index += 1) {
    const { nameAt, offset, size } = section(index);
    const nameStart = names.offset + nameAt;
    if (file.toString('latin1', nameStart, file.indexOf(0, nameStart)) !== name) continue;
    return file
      .toString('latin1', offset, offset + size)
      .split('\0')
      .filter((entry) => entry !== '');
  }
  return [];
}

/** Facts about the addon at `addonPath`, judged against the package at `packageRoot`. */
export function addonFacts(addonPath: string, packageRoot: string): AddonFacts {
  const fromPrebuilds = path.relative(path.join(packageRoot, 'prebuilds'), addonPath);
  return {
    origin: fromPrebuilds.startsWith('..') || path.isAbsolute(fromPrebuilds) ? 'compiled' : 'prebuilt',
    path: addonPath,
    buildFlags: elfSectionStrings(readFileSync(addonPath), '.GCC.command.line'),
  };
}
