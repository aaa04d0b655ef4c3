/**
 * CSV that is safe to open in a spreadsheet: RFC 4180 quoting, CRLF line ends, UTF-8 with a byte
 * order mark (without one, Excel reads UTF-8 as Windows-1252 and "José" arrives as "JosÃ©"), and
 * formula injection neutralised (OWASP): a cell that starts with = + - @ tab or CR would be run
 * as a formula by Excel, LibreOffice or Sheets, so it gets a leading apostrophe and stays text.
 *
 * Every cell is quoted, not only those holding a comma: a spreadsheet splits on its locale's list
 * separator (`;` in German or French, whatever a user set), so a bare `a;=1+1;b` became three
 * cells there and the middle one ran. A quoted cell is one cell under any separator, so the guard
 * at its start is the only one needed.
 */

/** The UTF-8 byte order mark, first in every file. */
export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: neutralised, then quoted (an empty one for null). */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

/** One record, CRLF-terminated. */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}
