/** A spreadsheet runs a cell that starts with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

export interface CsvCellOptions {
  /**
   * Prefix a quote to a text cell a spreadsheet would run as a formula. On by default; off only for
   * values the export's own importer must read back unchanged and that are already validated (phones).
   */
  guardFormula?: boolean;
}

/** One CSV cell: formula-guarded text, quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | number, options: CsvCellOptions = {}): string {
  if (typeof value === 'number') return String(value);
  const guard = options.guardFormula ?? true;
  const safe = guard && FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows of cells as CSV with CRLF line ends (RFC 4180), every text cell guarded. */
export function csvDocument(rows: readonly (readonly (string | number)[])[]): string {
  return `${rows.map((row) => row.map((cell) => csvCell(cell)).join(',')).join('\r\n')}\r\n`;
}
