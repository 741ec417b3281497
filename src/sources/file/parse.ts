import { createHash } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import { ParseError } from "../../core/errors.js";
import { CHANNELS, type Channel, type MentionDraft } from "../../core/mention.js";
import { decodeBody } from "../../http/charset.js";
import type { TermMatcher } from "../../text/terms.js";
import type { ItemError } from "../types.js";
import type { FileColumns, FileConfig, FileField, FileFormat } from "./config.js";
import type { FileCsvRecord, FileJsonlRow, FileRow } from "./wire.js";

/** `raw` snippets are cut to this many characters. */
export const MAX_RAW_CHARS = 64 * 1024;

/** Rows of an export, plus the rows that could not even be split into fields. */
export interface ParsedExport {
  rows: FileRow[];
  itemErrors: ItemError[];
}

/**
 * Bytes → text. `"auto"` reuses the HTTP layer's sniffing (BOM, then the Content-Type charset,
 * then strict UTF-8, then a windows-1251/1257 guess): Lithuanian and Russian Excel exports are
 * still often saved in the legacy code page. An explicit label always wins.
 */
export function decodeExport(bytes: Buffer, encoding: string, contentType?: string): string {
  if (encoding === "auto") return decodeBody(bytes, contentType);
  // TextDecoder drops a BOM matching the encoding by itself (ignoreBOM defaults to false).
  return new TextDecoder(encoding).decode(bytes);
}

/** Splits an export into rows. Throws ParseError (naming `source`) when the file as a whole is unusable. */
export function parseExport(text: string, format: FileFormat, columns: FileColumns, source: string, delimiter?: string): ParsedExport {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return format === "csv" ? parseCsvExport(body, columns, source, delimiter ?? detectDelimiter(body)) : parseJsonlExport(body, source);
}

const DELIMITERS = [",", ";", "\t"] as const;

/**
 * Picks `,`, `;` or tab by counting each outside quotes on the header line. Excel writes `;` where
 * the decimal separator is a comma (Lithuanian, Finnish, Russian locales), so both are common.
 */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ",";
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

function parseCsvExport(text: string, columns: FileColumns, source: string, delimiter: string): ParsedExport {
  let records: FileCsvRecord[];
  try {
    // record_delimiter lists all three: csv-parse otherwise locks onto the first line ending it
    // sees, and exports stitched together from several tools mix CRLF and LF
    // (constructed-hostile csv-bom-crlf-invalid-utf8.csv). relax_column_count: a short or long
    // row becomes an item error below instead of failing the file. relax_quotes: Excel leaves a
    // quote inside an unquoted cell (`5" screen`) as is.
    records = parseCsv(text, { delimiter, record_delimiter: ["\r\n", "\n", "\r"], info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as unknown as FileCsvRecord[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    throw new ParseError(
      { source, ...(typeof line === "number" ? { item: `line ${line}` } : {}), detail: `not a valid CSV file: ${error instanceof Error ? error.message : String(error)}` },
      { cause: error },
    );
  }
  const [head, ...data] = records;
  if (!head) throw new ParseError({ source, detail: "the file is empty (no header line)" });
  const header = head.record.map((cell) => cell.trim());
  resolveColumns(header, columns, source);

  const rows: FileRow[] = [];
  const itemErrors: ItemError[] = [];
  data.forEach(({ record, info }, index) => {
    const row = index + 1;
    const raw = truncate(JSON.stringify(record));
    if (record.length !== header.length) {
      itemErrors.push({ item: `row ${row}`, message: `${source}: row ${row} (line ${info.lines}) has ${record.length} fields, the header has ${header.length}`, raw });
      return;
    }
    const values: Record<string, unknown> = {};
    header.forEach((name, i) => {
      // The first of two same-named columns wins, as in spreadsheet lookups.
      if (!Object.hasOwn(values, name)) values[name] = record[i];
    });
    rows.push({ row, line: info.lines, values, raw: truncate(JSON.stringify(values)) });
  });
  return { rows, itemErrors };
}

/**
 * Maps each configured column to its header cell: exact first, then ignoring case and
 * surrounding spaces. A mapped column missing from the header is a file-level error: every row
 * would fail the same way.
 */
function resolveColumns(header: readonly string[], columns: FileColumns, source: string): void {
  for (const [field, column] of Object.entries(columns) as Array<[FileField, string]>) {
    const found = header.includes(column) || header.some((h) => h.toLowerCase() === column.toLowerCase());
    if (!found) {
      throw new ParseError({ source, detail: `column "${column}" (columns.${field}) is not in the header; the header has: ${header.map((h) => `"${h}"`).join(", ")}` });
    }
  }
}

function parseJsonlExport(text: string, source: string): ParsedExport {
  const rows: FileRow[] = [];
  const itemErrors: ItemError[] = [];
  const lines = text.split(/\r?\n/u);
  let row = 0;
  lines.forEach((lineText, index) => {
    if (lineText.trim() === "") return;
    row++;
    const line = index + 1;
    const raw = truncate(lineText);
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch (error) {
      itemErrors.push({ item: `row ${row}`, message: `${source}: row ${row} (line ${line}) is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, raw });
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      itemErrors.push({ item: `row ${row}`, message: `${source}: row ${row} (line ${line}) is ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}, not a JSON object`, raw });
      return;
    }
    rows.push({ row, line, values: value as FileJsonlRow, raw });
  });
  if (rows.length === 0 && itemErrors.length > 0 && itemErrors.length === row) {
    // Not one line parsed: this is not a JSONL file (a JSON array, HTML, a truncated download).
    throw new ParseError({ source, item: itemErrors[0]!.item, detail: `not a JSONL file: ${itemErrors[0]!.message}` });
  }
  return { rows, itemErrors };
}

/** A row's value for `column`: CSV header match (exact, then case-insensitive), or a JSONL key path. */
export function valueOf(values: Record<string, unknown>, column: string | undefined): unknown {
  if (column === undefined) return undefined;
  if (Object.hasOwn(values, column)) return values[column];
  const lower = column.toLowerCase();
  const key = Object.keys(values).find((k) => k.trim().toLowerCase() === lower);
  if (key !== undefined) return values[key];
  if (!column.includes(".")) return undefined;
  let current: unknown = values;
  for (const part of column.split(".")) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export interface ToFileMentionOptions {
  config: Pick<FileConfig, "columns" | "ratingScale" | "channel" | "lang">;
  /** Brand terms; undefined when none are configured. */
  matcher?: TermMatcher;
  /** `file <path or url>`: names the source in errors. */
  source: string;
}

/** What toFileMention reports besides the draft: soft problems that did not cost the row. */
export interface FileMentionResult {
  mention: MentionDraft;
  /** The date cell was not empty but could not be read; the row is kept without a date. */
  badDate?: string;
}

/**
 * Maps one row to a MentionDraft. Throws ParseError naming the row when the row has no text or
 * its score cannot be read: a score is a number the user will chart, so a guess is worse than a gap.
 * Text is kept exactly as exported: a formula-looking cell (`=HYPERLINK(…)`) is only text here,
 * and the CSV writers neutralise it on output (core/csv.ts).
 */
export function toFileMention(row: FileRow, options: ToFileMentionOptions): FileMentionResult {
  const { config, source } = options;
  const fail = (detail: string): ParseError => new ParseError({ source, item: `row ${row.row}`, detail: `${detail} (line ${row.line})` });
  const cell = (field: FileField): string | undefined => toCell(valueOf(row.values, config.columns[field]));

  const text = cell("text");
  if (text === undefined || text.trim() === "") throw fail(`no text in column "${config.columns.text}"`);
  const title = cell("title");
  const author = cell("author");

  const mention: MentionDraft = { externalId: "", text, channel: toChannel(cell("channel")) ?? config.channel, raw: row.raw };
  if (title?.trim()) mention.title = title;
  if (author?.trim()) mention.author = author.trim();

  const ratingValue = valueOf(row.values, config.columns.rating);
  if (config.columns.rating !== undefined && !isBlank(ratingValue)) {
    const rating = parseScore(ratingValue, config.ratingScale);
    if (rating === undefined) throw fail(`score ${JSON.stringify(ratingValue)} in column "${config.columns.rating}" is not a number from 0 to ${config.ratingScale}`);
    mention.rating = rating;
    mention.ratingScale = config.ratingScale;
  }

  let badDate: string | undefined;
  const dateValue = valueOf(row.values, config.columns.date);
  if (!isBlank(dateValue)) {
    const date = parseExportDate(dateValue);
    if (date) mention.publishedAt = date;
    else badDate = String(dateValue);
  }

  const lang = toLangCode(cell("lang")) ?? config.lang;
  if (lang) mention.lang = lang;
  const url = cell("url")?.trim();
  if (url && /^https?:\/\/\S+$/iu.test(url)) mention.url = url;
  const matchedTerm = options.matcher?.find(`${title ?? ""}\n${text}`);
  if (matchedTerm) mention.matchedTerm = matchedTerm;

  const id = cell("id")?.trim();
  mention.externalId = id ? id : toRowHash(mention);
  return badDate === undefined ? { mention } : { mention, badDate };
}

/**
 * Identity of a row without an id column: a hash of what the row says (never its position), so a
 * re-sorted or re-exported file dedupes against the first import.
 */
export function toRowHash(mention: MentionDraft): string {
  const parts = [mention.text, mention.title ?? "", mention.author ?? "", mention.publishedAt?.toISOString() ?? "", mention.rating ?? "", mention.url ?? ""];
  return `sha256:${createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32)}`;
}

/**
 * Reads a score: a number, or a string with `.` or `,` as the decimal mark ("4,5" is how
 * Lithuanian/Finnish/Russian Excel writes 4.5). Out of 0..scale, or not a number at all ("seven"),
 * gives undefined: never coerced.
 */
export function parseScore(value: unknown, scale: number): number | undefined {
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && /^\s*[+-]?\d+(?:[.,]\d+)?\s*$/u.test(value)) n = Number(value.trim().replace(",", "."));
  else return undefined;
  return Number.isFinite(n) && n >= 0 && n <= scale ? n : undefined;
}

const EPOCH_MS_MIN = 1e12;
const EPOCH_S_MIN = 1e9;

/**
 * Dates as exports write them: ISO 8601 / RFC 3339 (with `T` or a space), `YYYY/MM/DD`,
 * day-first `DD.MM.YYYY` (lt, fi, ru locales), with optional `HH:MM[:SS]`, and Unix epochs in
 * seconds or milliseconds. Without a zone the time is read as UTC. Slash dates with the day
 * first or the month first (`03/04/2026`) are ambiguous and refused rather than guessed.
 */
export function parseExportDate(value: unknown): Date | undefined {
  if (typeof value === "number") return fromEpoch(value);
  if (typeof value !== "string") return undefined;
  const s = value.trim();
  if (/^\d{10}(?:\d{3})?$/u.test(s)) return fromEpoch(Number(s));
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/iu.exec(s);
  if (iso) return buildDate(iso[1]!, iso[2]!, iso[3]!, iso[4], iso[5], iso[6], iso[7], iso[8]);
  const dayFirst = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/u.exec(s);
  if (dayFirst) return buildDate(dayFirst[3]!, dayFirst[2]!, dayFirst[1]!, dayFirst[4], dayFirst[5], dayFirst[6], undefined, undefined);
  return undefined;
}

function fromEpoch(n: number): Date | undefined {
  if (!Number.isFinite(n) || n < EPOCH_S_MIN) return undefined;
  return new Date(n >= EPOCH_MS_MIN ? n : n * 1000);
}

function buildDate(y: string, mo: string, d: string, h?: string, mi?: string, sec?: string, frac?: string, zone?: string): Date | undefined {
  const [year, month, day, hour, minute, second] = [y, mo, d, h ?? "0", mi ?? "0", sec ?? "0"].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== "Z") {
    const m = /^([+-])(\d{2}):?(\d{2})$/u.exec(zone)!;
    offsetMinutes = (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms) - offsetMinutes * 60_000);
}

/**
 * Helpdesk and chat exports name their channels their own way; these map onto earshot's
 * channels. Anything else leaves the configured default.
 */
const CHANNEL_ALIASES: Readonly<Record<string, Channel>> = {
  email: "support", "e-mail": "support", mail: "support", chat: "support", "live chat": "support", livechat: "support", phone: "support",
  call: "support", ticket: "support", helpdesk: "support", messenger: "support", whatsapp: "support",
  nps: "survey", csat: "survey", ces: "survey", form: "survey",
  twitter: "social", x: "social", facebook: "social", instagram: "social",
};

function toChannel(value: string | undefined): Channel | undefined {
  const key = value?.trim().toLowerCase();
  if (!key) return undefined;
  if ((CHANNELS as readonly string[]).includes(key)) return key as Channel;
  return CHANNEL_ALIASES[key];
}

function toLangCode(value: string | undefined): string | undefined {
  const m = value ? /^([a-z]{2})(?:[-_][a-z0-9]{1,8})*$/iu.exec(value.trim()) : null;
  return m ? m[1]!.toLowerCase() : undefined;
}

function toCell(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

function truncate(s: string): string {
  return s.length > MAX_RAW_CHARS ? s.slice(0, MAX_RAW_CHARS) : s;
}
