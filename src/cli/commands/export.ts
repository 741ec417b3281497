import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { resolve } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { CSV_BOM, toCsvRow } from "../../core/csv.js";
import { closeDb, openDb } from "../../store/db.js";
import { iterateMentionsForExport, type ExportFilter, type ExportRow } from "../../store/export.js";
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
] as const;

// Output is written in chunks of about this many characters: one write per row would make a
// million-row export syscall-bound.
const CHUNK_CHARS = 64 * 1024;

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
  const db = openDb(config.database);
  const file = options.out ? createWriteStream(resolve(io.cwd, options.out), { encoding: "utf8" }) : undefined;
  try {
    const filter: ExportFilter = {};
    if (options.since) filter.since = options.since;
    if (options.until) filter.until = options.until;
    const write = file ? (text: string) => writeWithBackpressure(file, text) : (text: string) => void io.stdout(text);
    let chunk = options.format === "csv" ? CSV_BOM + toCsvRow(EXPORT_COLUMNS) : "";
    let rows = 0;
    for (const row of iterateMentionsForExport(db, filter)) {
      chunk += options.format === "csv" ? toCsvRow(toCsvValues(row)) : `${JSON.stringify(toJsonRecord(row))}\n`;
      rows++;
      if (chunk.length >= CHUNK_CHARS) {
        await write(chunk);
        chunk = "";
      }
    }
    if (chunk) await write(chunk);
    if (file) {
      file.end();
      await once(file, "finish");
      io.stderr(`exported ${rows} mention${rows === 1 ? "" : "s"} to ${options.out}\n`);
    }
    return EXIT_OK;
  } finally {
    if (file && !file.closed) file.destroy();
    closeDb(db);
  }
}

/** One export record: JSON columns parsed, times as ISO strings, `complaint` as a boolean. */
export function toJsonRecord(row: ExportRow): Record<(typeof EXPORT_COLUMNS)[number], unknown> {
  return {
    id: row.id,
    source: row.source,
    sourceKind: row.sourceKind,
    externalId: row.externalId,
    channel: row.channel,
    url: row.url,
    lang: row.lang,
    publishedAt: row.publishedAt === null ? null : new Date(row.publishedAt).toISOString(),
    fetchedAt: new Date(row.fetchedAt).toISOString(),
    title: row.title,
    text: row.text,
    rating: row.rating,
    ratingScale: row.ratingScale,
    sentiment: row.sentiment,
    sentimentScore: row.sentimentScore,
    complaint: row.complaint === 1,
    topics: parseJsonColumn(row.topics),
    stages: parseJsonColumn(row.stages),
    classifierVersion: row.classifierVersion,
    explanations: parseJsonColumn(row.evidence),
    matchedTerm: row.matchedTerm,
    duplicateOf: row.duplicateOf,
    redactions: row.redactions,
  };
}

function toCsvValues(row: ExportRow): unknown[] {
  const record = toJsonRecord(row);
  // Lists read best in a spreadsheet as "a;b"; explanations stay JSON (they are nested).
  return EXPORT_COLUMNS.map((column) => {
    const value = record[column];
    return (column === "topics" || column === "stages") && Array.isArray(value) ? value.join(";") : value;
  });
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

async function writeWithBackpressure(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

function parseExportFormat(value: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`"${value}" is not one of ${EXPORT_FORMATS.join(", ")}`);
  return value as ExportFormat;
}
