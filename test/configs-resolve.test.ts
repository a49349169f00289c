import { describe, expect, it } from 'vitest';

import { CONFIGURATIONS, resolveConfiguration, UNLABELLED } from '../ts/results/configs.js';
import { runCli } from './helpers/cli.js';

describe('configurations', () => {
  it("has the thesis's seven, listed by mintbench configs", () => {
    expect(CONFIGURATIONS.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const listed = runCli(['configs']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^ 4 {2}Vanilla Linux1\/KVM\/GuestOS1 +one guest on KVM on unmodified Linux$/m);
    expect((JSON.parse(runCli(['configs', '--json']).stdout) as unknown[]).length).toBe(7);
  });

  it('resolves an id to its catalogue entry and keeps a free label, instance and note', () => {
    expect(resolveConfiguration({ config: '5' })).toEqual({
      label: '5',
      id: 5,
      name: 'OS node0/KVM/GuestOS1',
      description: 'one guest on KVM on Mint node0',
    });
    expect(resolveConfiguration({ config: 'laptop guest', instance: 'b', note: 'x' })).toEqual({
      label: 'laptop guest',
      instance: 'b',
      note: 'x',
    });
    expect(resolveConfiguration()).toEqual({ label: UNLABELLED });
  });

  it('refuses ids outside the catalogue, empty labels and odd instances', () => {
    expect(() => resolveConfiguration({ config: '8' })).toThrow(/^Expected a configuration id from 1 to 7 .* for config but received "8"$/);
    expect(() => resolveConfiguration({ config: '' })).toThrow(/for config but received ""/);
    expect(() => resolveConfiguration({ config: 'a\nb' })).toThrow(/for config/);
    expect(() => resolveConfiguration({ config: '1', instance: 'a b' })).toThrow(/for instance but received "a b"/);
    expect(runCli(['cpu', '--config', '9', '--iterations', '1000']).status).toBe(2);
  });
});
