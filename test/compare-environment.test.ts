import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { environmentChanges } from '../ts/compare/environment.js';
import { renderEnvironmentChanges } from '../ts/output/compare-format.js';
import { writeRecord } from '../ts/results/store.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { fixtureMachine, syntheticRecord } from './helpers/fixtures.js';

const SECONDS = [1.0, 1.01, 0.99, 1.0, 1.02];

/** A record made on the machine of a recorded (or composed) fixture. */
function recordOn(label: string, fixture: string) {
  const record = syntheticRecord(label, [{ workload: 'cpu', sizeBytes: null, seconds: SECONDS }]);
  record.machine = fixtureMachine(fixture);
  return { file: `${label}.json`, record };
}

describe('environment differences in compare', () => {
  it('names the fields that differ from the baseline, such as the hypervisor', () => {
    const changes = environmentChanges([recordOn('1', 'bare-metal'), recordOn('4', 'kvm')], '1');
    expect(changes).toHaveLength(1);
    expect(changes[0]!.config).toBe('4');
    expect(changes[0]!.changes).toContainEqual({ field: 'virtualization.hypervisor', from: 'none', to: 'KVM' });
    expect(renderEnvironmentChanges(changes, '1')).toMatch(/^environment 1 -> 4:\n(\s+.+\n)*\s+virtualization\.hypervisor: none -> KVM\n/);
  });

  it('says so when a machine is the same', () => {
    const same = environmentChanges([recordOn('1', 'kvm'), recordOn('2', 'kvm')], '1');
    expect(same).toEqual([{ config: '2', changes: [] }]);
    expect(renderEnvironmentChanges(same, '1')).toBe('environment 1 -> 2: no difference\n\n');
  });

  describe('the compare command', () => {
    let dir: string;
    let cleanup: () => void;
    beforeAll(() => {
      ({ dir, cleanup } = tempDir());
      writeRecord(recordOn('1', 'bare-metal').record, dir);
      writeRecord(recordOn('4', 'kvm').record, dir);
    });
    afterAll(() => {
      cleanup();
    });

    it('prints the differences above the ratio table', () => {
      const result = runCli(['compare', dir, '--baseline', '1']);
      expect(result.status, result.stderr).toBe(0);
      const before = result.stdout.slice(0, result.stdout.indexOf('baseline:'));
      expect(before).toMatch(/environment 1 -> 4:/);
      expect(before).toMatch(/virtualization\.hypervisor: none -> KVM/);
      const json = JSON.parse(runCli(['compare', path.join(dir), '--baseline', '1', '--format', 'json']).stdout) as {
        environment: unknown[];
      };
      expect(json.environment).toHaveLength(1);
    });
  });
});
