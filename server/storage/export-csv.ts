/**
 * CSV that is safe to open in a spreadsheet: RFC 4180 quoting, CRLF line ends, UTF-8 with a byte
 * order mark (without one, Excel reads UTF-8 as Windows-1252 and "José" arrives as "JosÃ©"), and
 * formula injection neutralised (OWASP): a cell that starts with = + - @ tab or CR would be run
 * as a formula by Excel, LibreOffice or Sheets, so it gets a leading apostrophe and stays text.
 */

/** The UTF-8 byte order mark, first in every file. */
export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: neutralised, then quoted when it holds a quote, comma or line break. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}
