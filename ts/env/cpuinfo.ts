// /proc/cpuinfo: one block of "key : value" lines per logical CPU (x86), or per CPU plus a few
// machine-wide lines (aarch64). Pure.

type CpuinfoBlock = Record<string, string>;

function parseCpuinfo(text: string): CpuinfoBlock[] {
  const blocks: CpuinfoBlock[] = [];
  for (const chunk of text.split(/\n\s*\n/)) {
    const block: CpuinfoBlock = {};
    for (const line of chunk.split('\n')) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      block[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
    if (Object.keys(block).length > 0) blocks.push(block);
  }
  return blocks;
}

/** Arm's implementer codes (MIDR_EL1[31:24]) for the vendors one meets in servers and boards. */
const ARM_IMPLEMENTERS: Record<number, string> = {
  0x41: 'ARM',
  0x42: 'Broadcom',
  0x43: 'Cavium',
  0x48: 'HiSilicon',
  0x4e: 'NVIDIA',
  0x51: 'Qualcomm',
  0x61: 'Apple',
  0xc0: 'Ampere',
};

export interface CpuinfoFacts {
  vendor: string | null;
  model: string | null;
  logicalCpus: number;
  /** Distinct (physical id, core id) pairs; null when cpuinfo does not say (aarch64). */
  physicalCores: number | null;
  /** x86 "flags" or aarch64 "Features" of the first CPU. */
  flags: Set<string>;
  /** "cpu MHz" of the first CPU, in Hz. */
  cpuHz: number | null;
}

export function cpuinfoFacts(text: string): CpuinfoFacts {
  const blocks = parseCpuinfo(text);
  const cpus = blocks.filter((block) => 'processor' in block);
  const first = cpus[0] ?? {};
  const flags = new Set((first.flags ?? first.Features ?? '').split(/\s+/).filter((flag) => flag !== ''));
  const cores = new Set(cpus.filter((cpu) => 'core id' in cpu).map((cpu) => `${cpu['physical id'] ?? '0'}:${cpu['core id'] ?? ''}`));
  const implementer = first['CPU implementer'];
  const armVendor = implementer === undefined ? undefined : (ARM_IMPLEMENTERS[Number(implementer)] ?? implementer);
  const armModel =
    first['CPU part'] === undefined
      ? undefined
      : `part ${first['CPU part']}${first['CPU variant'] ? ` variant ${first['CPU variant']}` : ''}`;
  const mhz = Number(first['cpu MHz']);
  return {
    vendor: first.vendor_id ?? armVendor ?? null,
    model: first['model name'] ?? armModel ?? null,
    logicalCpus: cpus.length,
    physicalCores: cores.size > 0 ? cores.size : null,
    flags,
    cpuHz: Number.isFinite(mhz) && mhz > 0 ? mhz * 1e6 : null,
  };
}
