// A cell starting with one of these is run as a formula by spreadsheet programs (OWASP "CSV
// Injection"): prefix it with an apostrophe so it is shown as the text it is.
// = + - @ tab CR and their fullwidth forms, which some spreadsheet programs also accept.
const FORMULA_START_CODES = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d, 0xff1d, 0xff0b, 0xff0d, 0xff20]);

/** One CSV field per RFC 4180, with formula-injection neutralised. */
export function toCsvField(value: unknown): string {
  // Strings and numbers first: they are nearly every cell of a large export.
  if (typeof value === "string") return toCsvText(value);
  // A number's text is digits, ".", "-", "e", "+", "Infinity" or "NaN": never quoted, and only text is formula-guarded.
  if (typeof value === "number") return String(value);
  if (value === null || value === undefined) return "";
  // JSON.stringify gives undefined for an object whose toJSON() does: an empty cell.
  return quoteCsv(value instanceof Date ? value.toISOString() : typeof value === "object" ? (JSON.stringify(value) ?? "") : String(value));
}

/** A text cell: formula-neutralised, then quoted if it holds a quote, comma or line break. */
export function toCsvText(text: string): string {
  return quoteCsv(text.length > 0 && FORMULA_START_CODES.has(text.charCodeAt(0)) ? `'${text}` : text);
}

/** Quotes a field only when RFC 4180 requires it. */
function quoteCsv(text: string): string {
  return needsCsvQuotes(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

/** Whether RFC 4180 requires quotes around this field: it holds a quote, comma, CR or LF. */
export function needsCsvQuotes(text: string): boolean {
  return NEEDS_QUOTES.test(text);
}

const NEEDS_QUOTES = /[",\r\n]/u;

export function toCsvRow(values: readonly unknown[]): string {
  return `${values.map(toCsvField).join(",")}\r\n`;
}

/** Spreadsheet programs need the BOM to read UTF-8 (Lithuanian, Cyrillic) correctly. */
export const CSV_BOM = "\uFEFF";
