// `mintbench guest build`: the guest boot kit (Debian kernel, busybox initramfs, guest-image/init) in
// the mintbench cache, made once and reused; config run 4-7 boots it.
import { defineCommand } from './define.js';

import { ensureKit } from '../guest/kit.js';
import { statSync } from 'node:fs';

export function command() {
  return defineCommand((c) =>
    c
      .command(
        'build',
        'make the guest boot kit from Debian packages (kernel: apt-get download + dpkg -x, never installed; busybox-static; cpio), or say it is up to date',
        (b) => b.option('rebuild', { type: 'boolean', default: false, describe: 'make it anew even if it is up to date' }),
        async (args) => {
          const { kit, built } = await ensureKit({
            rebuild: args.rebuild,
            log: (text) => process.stderr.write(`guest build: ${text}\n`),
          });
          const size = (file: string): string => `${(statSync(file).size / 1024 ** 2).toFixed(1)} MiB`;
          process.stdout.write(
            [
              `guest kit ${built ? 'made' : 'up to date'}: ${kit.dir}`,
              `  kernel     ${kit.kernelPackage.name} ${kit.kernelPackage.version} (${kit.kernelRelease}), ${size(kit.kernel)}`,
              `  initramfs  busybox, init and ${kit.modules.length} modules (${kit.modules.join(', ')}), ${size(kit.initramfs)}`,
              `  made       ${kit.builtAt} for mintbench ${kit.mintbenchVersion}`,
              '',
            ].join('\n'),
          );
        },
      )
      .demandCommand(1, 'Name a guest command: build'),
  );
}
