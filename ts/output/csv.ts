// CSV as RFC 4180 has it: comma-separated, CRLF line ends, fields with a comma, quote or line break
// quoted, quotes doubled. One header row.

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** Text exactly as it is, for tools that read CSV as data; by default text that a spreadsheet would run is made inert. */
  raw?: boolean;
}

/**
 * Text a spreadsheet takes for a formula (CSV injection, CWE-1236): OWASP's list of first characters.
 * Only text is checked: numbers, negative ones included, are written as numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const given = String(value);
  // OWASP: a leading ' makes the cell text in every spreadsheet, then the field is quoted as usual.
  const text = typeof value === 'string' && !options.raw && FORMULA_START.test(given) ? `'${given}` : given;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header and the rows, each row in the header's order. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[], options: CsvOptions = {}): string {
  return [header, ...rows].map((row) => row.map((value) => csvField(value, options)).join(',')).join('\r\n') + '\r\n';
}
