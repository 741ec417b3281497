import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { resolve } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { CSV_BOM, needsCsvQuotes, toCsvField, toCsvRow, toCsvText } from "../../core/csv.js";
import { openStore } from "../../store/open.js";
import { type ExportFilter, type ExportRow } from "../../store/types.js";
import { EXIT_OK, type CliIo } from "../io.js";
import { loadConfigFor, parseDateOption, type ConfigOptions, withConfigOptions } from "../options.js";

const EXPORT_FORMATS = ["csv", "jsonl"] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface ExportOptions extends ConfigOptions {
  since?: Date;
  until?: Date;
  format: ExportFormat;
  out?: string;
}

/** Export columns, in order: every stored attribute of a mention except its raw payload. */
export const EXPORT_COLUMNS = [
  "id", "source", "sourceKind", "externalId", "channel", "url", "lang", "publishedAt", "fetchedAt", "title", "text",
  "rating", "ratingScale", "sentiment", "sentimentScore", "complaint", "topics", "stages", "classifierVersion",
  "explanations", "matchedTerm", "duplicateOf", "redactions",
  // Response tracking (issue 13): the brand's first reply and how long it took, in hours.
  "firstResponseAt", "firstResponseHours",
] as const;

// Output is handed to the file or stdout in chunks of about this size: one write per row would
// make a million-row export syscall-bound.
const CHUNK_BYTES = 64 * 1024;
// The file stream queues up to this much before write() asks us to wait for 'drain': a few
// chunks, so the formatter can fill the next one while the thread pool writes the last, and
// memory stays bounded whatever the row count.
const FILE_QUEUE_BYTES = 4 * CHUNK_BYTES;

export function defineExportCommand(program: Command, io: CliIo): void {
  withConfigOptions(program.command("export").description("every stored mention with all its attributes, streamed as CSV or JSON Lines"))
    .option("--since <date>", "published on or after (YYYY-MM-DD)", parseDateOption)
    .option("--until <date>", "published before (YYYY-MM-DD)", parseDateOption)
    .option("--format <format>", "csv (UTF-8 with BOM, formula-safe) or jsonl", parseExportFormat, "csv")
    .option("-o, --out <file>", "write to this file instead of stdout")
    .action(async (options: ExportOptions) => {
      io.exitCode = await runExport(options, io);
    });
}

async function runExport(options: ExportOptions, io: CliIo): Promise<number> {
  const config = loadConfigFor(options, io, true);
  const store = await openStore(config.database);
  const file = options.out ? createExportFileStream(resolve(io.cwd, options.out)) : undefined;
  try {
    const filter: ExportFilter = {};
    if (options.since) filter.since = options.since;
    if (options.until) filter.until = options.until;
    const sink = file ? createFileSink(file) : createTextSink(io);
    const writeRow = options.format === "csv" ? createCsvRowWriter(sink) : createJsonRowWriter(sink);
    if (options.format === "csv") sink.add(CSV_BOM + toCsvRow(EXPORT_COLUMNS));
    let rows = 0;
    for await (const row of store.iterateMentionsForExport(filter)) {
      writeRow(row);
      rows++;
      // Awaited only when the file asked to wait, not per row: an await per row costs a microtask each.
      const full = sink.backpressure();
      if (full) await full;
    }
    await sink.end();
    if (file) io.stderr(`exported ${rows} mention${rows === 1 ? "" : "s"} to ${options.out}\n`);
    return EXIT_OK;
  } finally {
    if (file && !file.closed) file.destroy();
    await store.close();
  }
}

/** The output file, with the queue size the file sink is tuned for. */
export function createExportFileStream(path: string): WriteStream {
  return createWriteStream(path, { highWaterMark: FILE_QUEUE_BYTES });
}

/** Where export text goes, gathered into chunks. */
export interface ExportSink {
  add(text: string): void;
  /** Adds `text` as an RFC 4180 quoted field: in quotes, each quote inside doubled. */
  addQuoted(text: string): void;
  /**
   * A promise to await before adding more when the destination asked to wait (it rejects if a
   * write failed); undefined, nearly always, when there is nothing to wait for.
   */
  backpressure(): Promise<void> | undefined;
  /** Writes what is left and, for a file, waits until it is written. */
  end(): Promise<void>;
}

/**
 * Encodes text straight into 64 KiB byte chunks. Concatenating it into a 64 KiB string instead
 * makes a rope that the stream's Buffer.from() must first flatten, a second copy that cost as
 * much as the UTF-8 encoding (docs/performance.md, export).
 */
export function createFileSink(stream: WriteStream): ExportSink {
  // Chunks whose write has completed, reused rather than left to the garbage collector.
  const spare: Buffer[] = [];
  let chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  // addQuoted encodes here first, then copies into the chunk doubling each quote byte.
  const scratch = Buffer.allocUnsafe(CHUNK_BYTES);
  let waiting: Promise<void> | undefined;
  // Kept here rather than thrown from the 'error' event, so a failed write (disk full) rejects the export.
  let failure: Error | undefined;
  stream.on("error", (error) => {
    failure ??= error;
  });
  const flush = () => {
    if (used === 0) return;
    const written = chunk;
    const ready = stream.write(written.subarray(0, used), () => spare.push(written));
    chunk = spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    used = 0;
    if (!ready) waiting ??= waitForDrain(stream);
  };
  const add = (text: string) => {
    // A UTF-16 code unit takes at most 3 UTF-8 bytes, so this much room always fits the text.
    if (text.length * 3 > CHUNK_BYTES - used) {
      flush();
      if (text.length * 3 > CHUNK_BYTES) {
        // Longer than any chunk (a very long review): it goes out on its own.
        if (!stream.write(text, "utf8")) waiting ??= waitForDrain(stream);
        return;
      }
    }
    used += chunk.write(text, used, "utf8");
  };
  return {
    add,
    addQuoted(text) {
      // Doubling a quote turns its one byte into two, still within 3 bytes per code unit.
      const room = text.length * 3 + 2;
      if (room > CHUNK_BYTES) return add(`"${text.replace(/"/gu, '""')}"`);
      if (room > CHUNK_BYTES - used) flush();
      // Done on bytes: a string replace per row took about twice as long as this loop and left a
      // copy of the text per row to collect (docs/performance.md, export). 0x22 never occurs
      // inside a multi-byte UTF-8 sequence, so doubling every 0x22 byte is exact.
      const length = scratch.write(text, 0, "utf8");
      chunk[used++] = QUOTE_BYTE;
      for (let i = 0; i < length; i++) {
        const byte = scratch[i]!;
        chunk[used++] = byte;
        if (byte === QUOTE_BYTE) chunk[used++] = QUOTE_BYTE;
      }
      chunk[used++] = QUOTE_BYTE;
    },
    backpressure() {
      if (failure) return Promise.reject(failure);
      const pending = waiting;
      waiting = undefined;
      return pending;
    },
    async end() {
      flush();
      await waiting;
      if (failure) throw failure;
      stream.end();
      await once(stream, "finish");
      if (failure) throw failure;
    },
  };
}

const QUOTE_BYTE = 0x22;

async function waitForDrain(stream: WriteStream): Promise<void> {
  await once(stream, "drain");
}

/** stdout takes text: it is joined into chunks of about CHUNK_BYTES characters. */
function createTextSink(io: CliIo): ExportSink {
  let chunk = "";
  const add = (text: string) => {
    chunk += text;
    if (chunk.length >= CHUNK_BYTES) {
      io.stdout(chunk);
      chunk = "";
    }
  };
  return {
    add,
    addQuoted: (text) => add(`"${text.replace(/"/gu, '""')}"`),
    backpressure: () => undefined,
    async end() {
      if (chunk) io.stdout(chunk);
    },
  };
}

/** One export record: JSON columns parsed, times as ISO strings, `complaint` as a boolean. */
export function toJsonRecord(
  row: ExportRow,
  parseList: (text: string) => unknown = parseJsonColumn,
  toIsoTime: (ms: number) => string = (ms) => new Date(ms).toISOString(),
): Record<(typeof EXPORT_COLUMNS)[number], unknown> {
  return {
    id: row.id,
    source: row.source,
    sourceKind: row.sourceKind,
    externalId: row.externalId,
    channel: row.channel,
    url: row.url,
    lang: row.lang,
    publishedAt: row.publishedAt === null ? null : toIsoTime(row.publishedAt),
    fetchedAt: toIsoTime(row.fetchedAt),
    title: row.title,
    text: row.text,
    rating: row.rating,
    ratingScale: row.ratingScale,
    sentiment: row.sentiment,
    sentimentScore: row.sentimentScore,
    complaint: row.complaint === 1,
    topics: parseList(row.topics),
    stages: parseList(row.stages),
    classifierVersion: row.classifierVersion,
    explanations: parseJsonColumn(row.evidence),
    matchedTerm: row.matchedTerm,
    duplicateOf: row.duplicateOf,
    redactions: row.redactions,
    firstResponseAt: row.firstResponseAt === null ? null : toIsoTime(row.firstResponseAt),
    firstResponseHours: toResponseHours(row),
  };
}

/** Hours from the mention to the brand's first reply, one decimal; never negative (a review edited after the reply). */
function toResponseHours(row: ExportRow): number | null {
  if (row.firstResponseAt === null) return null;
  return Math.round(Math.max(0, row.firstResponseAt - (row.publishedAt ?? row.fetchedAt)) / 360_000) / 10;
}

/**
 * JSON Lines: one record per line. Topics and stages take few distinct values, so each stored
 * text is parsed once; the parsed value is shared between records, which JSON.stringify only reads.
 */
function createJsonRowWriter(sink: ExportSink): (row: ExportRow) => void {
  const parseList = memoise(parseJsonColumn);
  const toIsoTime = createIsoTimeFormatter();
  return (row) => sink.add(`${JSON.stringify(toJsonRecord(row, parseList, toIsoTime))}\n`);
}

/**
 * CSV: the cells of toJsonRecord in EXPORT_COLUMNS order, written straight from the row without
 * the intermediate record and array (docs/performance.md, export). The list cells are memoised
 * per stored text like the JSON Lines ones; the explanations cell is quoted by the sink.
 */
function createCsvRowWriter(sink: ExportSink): (row: ExportRow) => void {
  const toListCell = memoise(toCsvListCell);
  const toIsoTime = createIsoTimeFormatter();
  const toTimeCell = (ms: number | null) => {
    if (ms === null) return "";
    const iso = toIsoTime(ms);
    // Starting with a digit (years 0000–9999) it holds no comma or quote and is no formula; the
    // "+"/"-" of a six-digit year takes the guard.
    const first = iso.charCodeAt(0);
    return first >= 0x30 && first <= 0x39 ? iso : toCsvText(iso);
  };
  return (row) => {
    const head =
      `${toIdCell(row.id)},${toCsvField(row.source)},${toCsvField(row.sourceKind)},${toCsvField(row.externalId)},` +
      `${toCsvField(row.channel)},${toCsvField(row.url)},${toCsvField(row.lang)},${toTimeCell(row.publishedAt)},` +
      `${toTimeCell(row.fetchedAt)},${toCsvField(row.title)},${toCsvField(row.text)},${toCsvField(row.rating)},` +
      `${toCsvField(row.ratingScale)},${toCsvField(row.sentiment)},${toCsvField(row.sentimentScore)},` +
      `${row.complaint === 1},${toListCell(row.topics)},${toListCell(row.stages)},${toCsvField(row.classifierVersion)},`;
    const tail = `,${toCsvField(row.matchedTerm)},${toIdCell(row.duplicateOf)},${toCsvField(row.redactions)},${toTimeCell(row.firstResponseAt)},${toCsvField(toResponseHours(row))}\r\n`;
    const evidence = row.evidence;
    if (isStoredJsonCell(evidence)) {
      sink.add(head);
      sink.addQuoted(evidence);
      sink.add(tail);
    } else {
      sink.add(`${head}${toCsvField(parseJsonColumn(evidence))}${tail}`);
    }
  };
}

/**
 * An id cell: toFixed(0) gives the same digits as String(), which toCsvField uses. String() puts
 * each result in V8's number-to-string cache, and with a new id on every row each cached string
 * outlived a young-generation collection: a million-row export moved ~90 KB of dead strings into
 * the old generation per collection, and its peak RSS grew with the row count.
 */
function toIdCell(id: number | null): string {
  return typeof id === "number" && Number.isSafeInteger(id) ? id.toFixed(0) : toCsvField(id);
}

/**
 * Whether the explanations cell is the stored JSON text itself, in quotes. Parsing it only to
 * serialise it again was the largest formatting cost (docs/performance.md, export), and for what
 * the store writes (JSON.stringify output) the two are the same text. Text starting "[" or "{"
 * that does not parse got exactly this cell before as well: no formula guard applies to those
 * characters. A bare JSON value or other damaged text goes the parse path as it always did, and
 * so does "[]", which needs no quotes.
 */
function isStoredJsonCell(text: string): boolean {
  if (typeof text !== "string") return false;
  const first = text.charCodeAt(0);
  return (first === 0x5b || first === 0x7b) && needsCsvQuotes(text);
}

// Lists read best in a spreadsheet as "a;b"; explanations stay JSON (they are nested).
function toCsvListCell(text: string): string {
  const value = parseJsonColumn(text);
  return toCsvField(Array.isArray(value) ? value.join(";") : value);
}

/**
 * `new Date(ms).toISOString()`, at a fraction of its cost for a million rows: the date part is
 * computed once per day (rows come in time order, so it rarely changes) and the time of day with
 * integer arithmetic. Outside 1970–9999 or for a fractional ms it falls back to Date.
 */
function createIsoTimeFormatter(): (ms: number) => string {
  let day = Number.NaN;
  let datePart = "";
  return (ms) => {
    if (!(Number.isSafeInteger(ms) && ms >= 0 && ms < MAX_FOUR_DIGIT_YEAR_MS)) return new Date(ms).toISOString();
    const msDay = Math.floor(ms / DAY_MS);
    if (msDay !== day) {
      day = msDay;
      datePart = new Date(msDay * DAY_MS).toISOString().slice(0, 11);
    }
    let rest = ms - msDay * DAY_MS;
    const hours = Math.floor(rest / 3_600_000);
    rest -= hours * 3_600_000;
    const minutes = Math.floor(rest / 60_000);
    rest -= minutes * 60_000;
    const seconds = Math.floor(rest / 1000);
    const millis = rest - seconds * 1000;
    return `${datePart}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`;
  };
}

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: from here toISOString writes a six-digit "+010000" year. */
const MAX_FOUR_DIGIT_YEAR_MS = 253_402_300_800_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, "0"));

// Bounds the memo of stored texts: topic combinations number in the hundreds, and a damaged
// database with a unique text per row must not grow the export's memory with its size.
const MEMO_ENTRIES = 4096;

function memoise<T>(compute: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    let value = memo.get(text);
    if (value === undefined) {
      value = compute(text);
      if (memo.size < MEMO_ENTRIES) memo.set(text, value);
    }
    return value;
  };
}

function parseJsonColumn(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // A damaged JSON column is exported as the text it holds rather than aborting a long export.
    if (error instanceof SyntaxError) return text;
    throw error;
  }
}

function parseExportFormat(value: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`"${value}" is not one of ${EXPORT_FORMATS.join(", ")}`);
  return value as ExportFormat;
}
