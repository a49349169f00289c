// The machine description on inputs from machines other than this one (see test/fixtures/env/README.md).
import { describe, expect, it } from 'vitest';

import { describeMachine, warningsFor, type MachineInfo } from '../ts/env/index.js';
import { loadEnvFixture } from './helpers/fixtures.js';

function describeFixture(name: string, options: { pinnedCpu?: number } = {}): MachineInfo {
  const { inputs, timer } = loadEnvFixture(name);
  return describeMachine(inputs, { timer, versions: { node: '20.0.0', mintbench: '0.0.0' }, ...options });
}

function codes(machine: MachineInfo): string[] {
  return warningsFor(machine).map((warning) => warning.code);
}

describe('machine description from recorded inputs', () => {
  it('KVM (recorded on the development machine): signature, TSC facts, kernel-reported frequency', () => {
    const machine = describeFixture('kvm');
    expect(machine.virtualization).toMatchObject({
      hypervisor: 'KVM',
      cpuidHypervisorBit: true,
      cpuidSignatures: ['KVMKVMKVM'],
      emulated: false,
      consistent: true,
    });
    expect(machine.tsc).toMatchObject({
      counter: 'tsc',
      invariant: true,
      constantTsc: true,
      nonstopTsc: true,
      tscKnownFreq: true,
      clocksource: 'tsc',
    });
    expect(machine.tsc.reported).toEqual([{ source: 'kernel tsc_known_freq (cpuinfo "cpu MHz")', hz: 2_100_000_000 }]);
    expect(machine.tsc.unreported).toEqual([
      'cpuid 0x40000010 (KVMKVMKVM timing leaf): not implemented (highest leaf 0x40000001)',
      'cpuid 0x15: crystal frequency not enumerated',
      'cpuid 0x16: not implemented or zero',
    ]);
    expect(Math.abs(machine.tsc.relativeDifference ?? 1)).toBeLessThan(0.01);
    expect(machine.tsc.overheadNs).toBeCloseTo((machine.tsc.overheadTicks / machine.tsc.calibratedHz) * 1e9, 6);
    expect(machine.cpu).toMatchObject({
      vendor: 'GenuineIntel',
      model: 'Intel(R) Xeon(R) Processor',
      logicalCpus: 2,
      physicalCores: 2,
      governor: null,
      boost: null,
    });
    expect(machine.cpu.cachesBytes).toEqual({ L1d: 48 * 1024, L1i: 32 * 1024, L2: 2048 * 1024, L3: 307_200 * 1024 });
    expect(machine.os).toMatchObject({
      kernel: '6.18.44-fc-v657',
      distribution: 'Debian GNU/Linux 12 (bookworm)',
      transparentHugePages: 'madvise',
    });
    expect(codes(machine)).toEqual([]);
  });

  it('bare metal: no hypervisor, CPUID 0x15 first, cpu MHz ignored under cpufreq, powersave and turbo warned', () => {
    const machine = describeFixture('bare-metal');
    expect(machine.virtualization).toMatchObject({ hypervisor: 'none', cpuidHypervisorBit: false, cpuidSignatures: [], consistent: true });
    expect(machine.tsc.invariant).toBe(true);
    expect(machine.tsc.reported.map((r) => r.source)).toEqual(['cpuid 0x15 (crystal × ratio)', 'cpuid 0x16 (base frequency)']);
    expect(machine.tsc.reported[0]?.hz).toBe((38_400_000 * 176) / 2);
    expect(machine.cpu).toMatchObject({
      model: '12th Gen Intel(R) Core(TM) i5-12500',
      logicalCpus: 4,
      physicalCores: 2,
      governor: 'powersave',
      cpufreqDriver: 'intel_pstate',
      boost: true,
    });
    expect(codes(machine)).toEqual(['governor-not-performance', 'boost-on']);
  });

  it('Hyper-V: "Microsoft Hv", DMI agrees, TSC not invariant and clocksource not tsc', () => {
    const machine = describeFixture('hyperv');
    expect(machine.virtualization).toMatchObject({
      hypervisor: 'Hyper-V',
      cpuidSignatures: ['Microsoft Hv'],
      dmi: 'Microsoft Corporation Virtual Machine',
      consistent: true,
    });
    expect(machine.tsc).toMatchObject({ invariant: false, nonstopTsc: false, clocksource: 'hyperv_clocksource_tsc_page' });
    expect(codes(machine)).toEqual(['tsc-not-invariant', 'clocksource-not-tsc']);
  });

  it('VMware: the timing leaf 0x40000010 is the first reported frequency', () => {
    const machine = describeFixture('vmware');
    expect(machine.virtualization).toMatchObject({ hypervisor: 'VMware', cpuidSignatures: ['VMwareVMware'], consistent: true });
    expect(machine.tsc.reported[0]).toEqual({ source: 'cpuid 0x40000010 (VMwareVMware timing leaf)', hz: 2_992_969_000 });
    expect(machine.os.transparentHugePages).toBe('always');
    expect(codes(machine)).toEqual([]);
  });

  it('Xen: CPUID, /sys/hypervisor and DMI agree; no stated frequency', () => {
    const machine = describeFixture('xen');
    expect(machine.virtualization).toMatchObject({ hypervisor: 'Xen', sysHypervisorType: 'xen', dmi: 'Xen HVM domU', consistent: true });
    expect(machine.tsc.reported).toEqual([]);
    expect(machine.tsc.relativeDifference).toBeNull();
    expect(machine.cpu.physicalCores).toBe(1);
    expect(codes(machine)).toEqual(['tsc-not-invariant', 'clocksource-not-tsc']);
  });

  it('aarch64 bare metal: no CPUID, the generic timer and CNTFRQ_EL0, Arm vendor from cpuinfo', () => {
    const machine = describeFixture('aarch64');
    expect(machine.virtualization).toMatchObject({ hypervisor: 'none', cpuidHypervisorBit: null, cpuidSignatures: [] });
    expect(machine.tsc).toMatchObject({ counter: 'cntvct_el0', invariant: null, constantTsc: null, clocksource: 'arch_sys_counter' });
    expect(machine.tsc.reported).toEqual([{ source: 'CNTFRQ_EL0', hz: 25_000_000 }]);
    expect(machine.cpu).toMatchObject({
      arch: 'arm64',
      vendor: 'ARM',
      model: 'part 0xd0c variant 0x3',
      logicalCpus: 4,
      physicalCores: 4,
      governor: 'performance',
      boost: false,
    });
    // The x86 clocksource rule does not apply to the generic timer.
    expect(codes(machine)).toEqual([]);
  });

  it('aarch64 KVM guest: found by DMI and the device tree, without CPUID', () => {
    const machine = describeFixture('aarch64-kvm');
    expect(machine.virtualization).toMatchObject({
      hypervisor: 'KVM',
      cpuidHypervisorBit: null,
      dmi: 'QEMU KVM Virtual Machine',
      deviceTree: 'linux,dummy-virt',
      consistent: true,
    });
  });

  it('records the CPU the run is pinned to', () => {
    expect(describeFixture('kvm', { pinnedCpu: 1 }).cpu.pinnedCpu).toBe(1);
    expect(describeFixture('kvm').cpu.pinnedCpu).toBeNull();
  });
});
