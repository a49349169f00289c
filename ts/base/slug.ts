// File-name pieces made from free text (configuration labels, commands, workloads).

/** Letters and digits of `text`, lower-cased, runs of anything else as one `_`, at most `maxChars`; '' if none. */
export function slug(text: string, maxChars = Number.POSITIVE_INFINITY): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, maxChars);
}
