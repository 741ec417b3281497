// A cell starting with one of these is run as a formula by spreadsheet programs (OWASP "CSV
// Injection"): prefix it with an apostrophe so it is shown as the text it is.
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/u;

/** One CSV field per RFC 4180, with formula-injection neutralised. */
export function toCsvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

export function toCsvRow(values: readonly unknown[]): string {
  return `${values.map(toCsvField).join(",")}\r\n`;
}

/** Spreadsheet programs need the BOM to read UTF-8 (Lithuanian, Cyrillic) correctly. */
export const CSV_BOM = "\uFEFF";
