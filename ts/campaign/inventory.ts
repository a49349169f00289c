// Hosts from an Ansible inventory, read by Ansible itself (`ansible-inventory --list`: any inventory
// Ansible reads, INI, YAML or a plugin's), so that a campaign's HOST may be an inventory host or a
// group of them. The variables used: ansible_host, ansible_port, ansible_user,
// ansible_ssh_private_key_file and mintbench_command (how to start mintbench there).
import { spawnSync } from 'node:child_process';

import { UsageError } from '../base/errors.js';
import type { SshTarget } from './ssh.js';

export interface InventoryHost {
  target: SshTarget;
  /** mintbench_command, when the inventory sets it. */
  mintbenchCommand?: string;
}

export interface Inventory {
  /** Every host by its inventory name. */
  hosts: ReadonlyMap<string, InventoryHost>;
  /** The hosts of `name`: itself if it is a host, every host of a group (and its children's), else undefined. */
  resolve(name: string): { group: boolean; hosts: InventoryHost[] } | undefined;
}

interface ListedGroup {
  hosts?: string[];
  children?: string[];
}

type HostVariables = Record<string, unknown>;

function optionalString(vars: HostVariables, key: string): string | undefined {
  const value = vars[key];
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

function inventoryHost(name: string, vars: HostVariables, file: string): InventoryHost {
  const port = optionalString(vars, 'ansible_port');
  const portNumber = port === undefined ? undefined : Number(port);
  if (portNumber !== undefined && !(Number.isInteger(portNumber) && portNumber >= 1 && portNumber <= 65_535)) {
    throw new UsageError(`Expected a port from 1 to 65535 for ansible_port of ${name} in ${file} but received ${JSON.stringify(port)}`);
  }
  const user = optionalString(vars, 'ansible_user');
  const identityFile = optionalString(vars, 'ansible_ssh_private_key_file');
  const mintbenchCommand = optionalString(vars, 'mintbench_command');
  return {
    target: {
      name,
      host: optionalString(vars, 'ansible_host') ?? name,
      ...(user === undefined ? {} : { user }),
      ...(portNumber === undefined ? {} : { port: portNumber }),
      ...(identityFile === undefined ? {} : { identityFile }),
    },
    ...(mintbenchCommand === undefined ? {} : { mintbenchCommand }),
  };
}

/** Reads `file` with ansible-inventory; a missing ansible-core or an inventory it cannot parse is a UsageError (exit 2). */
export function readInventory(file: string): Inventory {
  // An inventory Ansible cannot parse is an error, not an empty inventory with a warning.
  const listed = spawnSync('ansible-inventory', ['-i', file, '--list'], {
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_INVENTORY_UNPARSED_FAILED: 'True', ANSIBLE_NOCOLOR: '1' },
    maxBuffer: 256 * 1024 ** 2,
  });
  if (listed.error) {
    const missing = (listed.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(
      missing
        ? 'Expected ansible-inventory for --inventory but it is not installed (apt-get install ansible-core, or pip install ansible-core; LABEL@user@host arms need nothing)'
        : `ansible-inventory could not be started: ${listed.error.message}`,
      'inventory',
    );
  }
  if (listed.status !== 0) {
    const why = listed.stderr
      .split('\n')
      .map((line) => line.replace(/^\[WARNING\]:\s*|^ERROR!\s*/, '').trim())
      .filter((line) => line !== '')
      .join(' ');
    throw new UsageError(`Expected an inventory Ansible reads for --inventory but ansible-inventory refused ${file}: ${why}`, 'inventory');
  }
  const data = JSON.parse(listed.stdout) as Record<string, ListedGroup> & { _meta?: { hostvars?: Record<string, HostVariables> } };
  const hostvars = data._meta?.hostvars ?? {};
  const hosts = new Map<string, InventoryHost>();
  const hostOf = (name: string): InventoryHost => {
    const known = hosts.get(name);
    if (known) return known;
    const host = inventoryHost(name, hostvars[name] ?? {}, file);
    hosts.set(name, host);
    return host;
  };
  for (const [name, vars] of Object.entries(hostvars)) hosts.set(name, inventoryHost(name, vars, file));
  const groupHosts = (group: string, seen: Set<string>): string[] => {
    if (seen.has(group)) return [];
    seen.add(group);
    const entry = data[group];
    return [...(entry?.hosts ?? []), ...(entry?.children ?? []).flatMap((child) => groupHosts(child, seen))];
  };
  return {
    hosts,
    resolve(name) {
      if (name !== '_meta' && Object.hasOwn(data, name)) {
        const members = [...new Set(groupHosts(name, new Set()))];
        return { group: true, hosts: members.map(hostOf) };
      }
      const host = hosts.get(name);
      return host === undefined ? undefined : { group: false, hosts: [host] };
    },
  };
}
