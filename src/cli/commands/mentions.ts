import type { Command } from "commander";
import { STAGES } from "../../core/classification.js";
import { CSV_BOM, toCsvRow } from "../../core/csv.js";
import { UsageError } from "../../core/errors.js";
import { closeDb, openDb } from "../../store/db.js";
import { listMentions, type ListedMention, type MentionFilter } from "../../store/mentions.js";
import { renderTable, toTerminalText } from "../format.js";
import { EXIT_OK, type CliIo } from "../io.js";
import { collect, loadConfigFor, parseDateOption, parsePositiveInt, type ConfigOptions, withConfigOptions } from "../options.js";

interface MentionsOptions extends ConfigOptions {
  since?: Date;
  until?: Date;
  topic?: string;
  stage?: string;
  lang?: string;
  source?: string[];
  complaints?: boolean;
  limit: number;
  json?: boolean;
  csv?: boolean;
}

export function defineMentionsCommand(program: Command, io: CliIo): void {
  withConfigOptions(program.command("mentions").description("list stored mentions, newest first"))
    .option("--since <date>", "published on or after (YYYY-MM-DD)", parseDateOption)
    .option("--until <date>", "published before (YYYY-MM-DD)", parseDateOption)
    .option("--topic <id>", "only mentions about this topic (e.g. delivery)")
    .option("--stage <id>", `only mentions touching this journey stage (${STAGES.join(", ")})`)
    .option("--lang <xx>", "only this language (ISO 639-1)")
    .option("-s, --source <name>", "only this source (repeatable)", collect)
    .option("--complaints", "only complaints")
    .option("--limit <n>", "at most this many", parsePositiveInt, 50)
    .option("--json", "one JSON object per line")
    .option("--csv", "CSV (UTF-8 with BOM, formula-safe)")
    .action(async (options: MentionsOptions) => {
      io.exitCode = runMentions(options, io);
    });
}

function runMentions(options: MentionsOptions, io: CliIo): number {
  if (options.json && options.csv) throw new UsageError("choose one of --json and --csv");
  if (options.stage && !(STAGES as readonly string[]).includes(options.stage)) {
    throw new UsageError(`unknown stage "${options.stage}" (one of ${STAGES.join(", ")})`);
  }
  const config = loadConfigFor(options, io, true);
  const db = openDb(config.database);
  try {
    const filter: MentionFilter = { limit: options.limit };
    if (options.since) filter.since = options.since;
    if (options.until) filter.until = options.until;
    if (options.topic) filter.topic = options.topic;
    if (options.stage) filter.stage = options.stage;
    if (options.lang) filter.lang = options.lang;
    if (options.source) filter.sourceNames = options.source;
    if (options.complaints) filter.complaintsOnly = true;
    const rows = listMentions(db, filter);
    if (options.json) for (const row of rows) io.stdout(`${JSON.stringify(toJsonMention(row))}\n`);
    else if (options.csv) io.stdout(renderCsv(rows));
    else io.stdout(rows.length === 0 ? "no mentions match\n" : renderMentionTable(rows));
    return EXIT_OK;
  } finally {
    closeDb(db);
  }
}

function toJsonMention(row: ListedMention) {
  return {
    id: row.id,
    source: row.sourceName,
    externalId: row.externalId,
    url: row.url,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    lang: row.lang,
    channel: row.channel,
    rating: row.rating,
    ratingScale: row.ratingScale,
    title: row.title,
    text: row.text,
    sentiment: row.sentiment,
    sentimentScore: row.sentimentScore,
    complaint: row.complaint,
    topics: row.topics,
    stages: row.stages,
    classifierVersion: row.classifierVersion,
  };
}

const CSV_COLUMNS = ["id", "source", "externalId", "url", "publishedAt", "lang", "channel", "rating", "ratingScale", "title", "text", "sentiment", "sentimentScore", "complaint", "topics", "stages", "classifierVersion"] as const;

function renderCsv(rows: ListedMention[]): string {
  let out = CSV_BOM + toCsvRow(CSV_COLUMNS);
  for (const row of rows) {
    const json = toJsonMention(row);
    out += toCsvRow(CSV_COLUMNS.map((column) => (column === "topics" || column === "stages" ? json[column].join(";") : json[column])));
  }
  return out;
}

function renderMentionTable(rows: ListedMention[]): string {
  return renderTable(
    ["published", "source", "lang", "sentiment", "complaint", "topics", "text"],
    rows.map((row) => [
      row.publishedAt?.toISOString().slice(0, 16).replace("T", " ") ?? "",
      toTerminalText(row.sourceName, 24),
      row.lang ?? "",
      row.sentiment,
      row.complaint ? "yes" : "",
      row.topics.join(","),
      toTerminalText(row.title ? `${row.title}: ${row.text}` : row.text, 70),
    ]),
  );
}
