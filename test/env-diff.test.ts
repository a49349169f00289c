import { describe, expect, it } from 'vitest';

import { describeMachine, diffEnvironments } from '../ts/env/index.js';
import { loadEnvFixture } from './helpers/fixtures.js';

function machine(name: string) {
  const { inputs, timer } = loadEnvFixture(name);
  return describeMachine(inputs, { timer, versions: { node: '20', mintbench: '0' } });
}

describe('environment diff', () => {
  it('names what differs with dotted fields', () => {
    const host = machine('kvm');
    host.virtualization.hypervisor = 'none';
    host.os.kernel = '6.1';
    const guest = machine('kvm');
    guest.os.kernel = '6.18';
    const changes = diffEnvironments(host, guest);
    expect(changes).toContainEqual({ field: 'virtualization.hypervisor', from: 'none', to: 'KVM' });
    expect(changes).toContainEqual({ field: 'os.kernel', from: '6.1', to: '6.18' });
    expect(changes).toHaveLength(2);
  });

  it('finds nothing between two captures of one machine: measurement noise is not a difference', () => {
    const a = machine('kvm');
    const b = machine('kvm');
    b.tsc.calibratedHz *= 1.001;
    b.tsc.overheadTicks += 7;
    b.tsc.calibrationR2 = 0.9;
    b.load = { otherBusyCpus: 0.3, windowSeconds: 0.25, loadAverage1m: 3, otherLoad: true };
    expect(diffEnvironments(a, b)).toEqual([]);
    b.tsc.calibratedHz *= 1.05;
    expect(diffEnvironments(a, b).map((change) => change.field)).toEqual(['tsc.calibratedHz']);
  });

  it('flattens nested records, lists and absent fields, also under a prefix', () => {
    const changes = diffEnvironments({ machine: machine('xen'), config: 'a' }, { machine: machine('hyperv') });
    const byField = new Map(changes.map((change) => [change.field, change]));
    expect(byField.get('machine.virtualization.hypervisor')).toMatchObject({ from: 'Xen', to: 'Hyper-V' });
    expect(byField.get('machine.tsc.availableClocksources')).toMatchObject({
      from: 'xen, tsc, hpet, acpi_pm',
      to: 'hyperv_clocksource_tsc_page, acpi_pm',
    });
    expect(byField.get('machine.cpu.cachesBytes.L2')).toMatchObject({ from: '262144', to: '1048576' });
    expect(byField.get('config')).toEqual({ field: 'config', from: 'a', to: 'absent' });
    expect(byField.has('machine.tsc.overheadTicks')).toBe(false);
    expect(byField.has('machine.virtualization.evidence')).toBe(false);
  });
});
