// The Mint node this runs on. Mint (Okayama University, 2011) publishes no user-space interface
// that we know of, so these are the places a Mint kernel would plausibly put a node id: a procfs or
// sysfs file, or a boot parameter the first node passes to the others. Without one, the node is
// the label the user gave (--node). Pure.
import { text, type FileTexts } from './files.js';

/** Files checked, in order, for a node id. */
export const MINT_NODE_FILES = ['proc/mint/node_id', 'sys/kernel/mint/node_id', 'sys/kernel/mint/nodeid'] as const;
/** Kernel command-line parameters checked for a node id. */
const MINT_CMDLINE = /(?:^|\s)mint[._]?node(?:_?id)?=(\S+)/;

export interface MintNode {
  /** The node id the kernel states, else the user's label, else null. */
  node: string | null;
  /** Where `node` came from: a file path, "/proc/cmdline", "label" or "none". */
  source: string;
}

export function mintNode(files: FileTexts, label: string | undefined): MintNode {
  for (const path of MINT_NODE_FILES) {
    const value = text(files, path);
    if (value !== null) return { node: value, source: `/${path}` };
  }
  const fromCmdline = MINT_CMDLINE.exec(text(files, 'proc/cmdline') ?? '')?.[1];
  if (fromCmdline !== undefined) return { node: fromCmdline, source: '/proc/cmdline' };
  if (label !== undefined && label !== '') return { node: label, source: 'label' };
  return { node: null, source: 'none' };
}
