import type { Command } from "commander";
import { STAGES } from "../../core/classification.js";
import { CSV_BOM, toCsvRow } from "../../core/csv.js";
import { UsageError } from "../../core/errors.js";
import { openStore } from "../../store/open.js";
import { type ListedMention, type MentionFilter } from "../../store/types.js";
import { renderTable, toTerminalText } from "../format.js";
import { EXIT_OK, type CliIo } from "../io.js";
import { createBrandMatcher, toMeasurableKinds } from "../../pipeline/brand-accounts.js";
import { createSourceRegistry } from "../../sources/registry.js";
import { collect, loadConfigFor, parseDateOption, parseDurationOption, parsePositiveInt, type ConfigOptions, withConfigOptions } from "../options.js";
import { MENTION_RECORD_COLUMNS, toMentionCsvRow, toMentionRecord } from "../../core/mention-record.js";

interface MentionsOptions extends ConfigOptions {
  since?: Date;
  until?: Date;
  topic?: string;
  stage?: string;
  lang?: string;
  source?: string[];
  complaints?: boolean;
  unanswered?: boolean;
  answered?: boolean;
  olderThan?: number;
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
    .option("--unanswered", "only complaints the brand has not answered, on platforms where replies are measurable (brand.accounts)")
    .option("--answered", "only mentions the brand answered, with the time of the first reply")
    .option("--older-than <duration>", "with --unanswered: written longer ago than this (e.g. 24h, 3d, 90m)", parseDurationOption)
    .option("--limit <n>", "at most this many", parsePositiveInt, 50)
    .option("--json", "one JSON object per line")
    .option("--csv", "CSV (UTF-8 with BOM, formula-safe)")
    .action(async (options: MentionsOptions) => {
      io.exitCode = await runMentions(options, io);
    });
}

async function runMentions(options: MentionsOptions, io: CliIo): Promise<number> {
  if (options.json && options.csv) throw new UsageError("choose one of --json and --csv");
  if (options.stage && !(STAGES as readonly string[]).includes(options.stage)) {
    throw new UsageError(`unknown stage "${options.stage}" (one of ${STAGES.join(", ")})`);
  }
  if (options.unanswered && options.answered) throw new UsageError("choose one of --answered and --unanswered");
  if (options.olderThan !== undefined && !options.unanswered) throw new UsageError("--older-than goes with --unanswered");
  const config = loadConfigFor(options, io, true);
  const store = await openStore(config.database);
  try {
    const filter: MentionFilter = { limit: options.limit };
    if (options.since) filter.since = options.since;
    if (options.until) filter.until = options.until;
    if (options.topic) filter.topic = options.topic;
    if (options.stage) filter.stage = options.stage;
    if (options.lang) filter.lang = options.lang;
    if (options.source) filter.sourceNames = options.source;
    if (options.complaints) filter.complaintsOnly = true;
    if (options.answered) filter.response = "answered";
    if (options.unanswered) {
      // Unanswered means something only where replies can be seen and the brand's accounts are known.
      filter.response = "unanswered";
      filter.complaintsOnly = true;
      filter.kinds = toMeasurableKinds(createSourceRegistry(), createBrandMatcher(config.brand.accounts));
      if (filter.kinds.length === 0) io.stderr("no platform is measurable: set brand.accounts for reddit, mastodon, bluesky, hackernews or google-play (README, configuration)\n");
      if (options.olderThan !== undefined) {
        const cutoff = new Date((io.now?.() ?? new Date()).getTime() - options.olderThan);
        filter.until = filter.until && filter.until < cutoff ? filter.until : cutoff;
      }
    }
    const rows = await store.listMentions(filter);
    if (options.json) for (const row of rows) io.stdout(`${JSON.stringify(toJsonMention(row))}\n`);
    else if (options.csv) io.stdout(renderCsv(rows));
    else io.stdout(rows.length === 0 ? "no mentions match\n" : renderMentionTable(rows, filter.response !== undefined));
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

function toJsonMention(row: ListedMention) {
  return toMentionRecord({ ...row, publishedAtMs: row.publishedAt?.getTime() ?? null, firstResponseAtMs: row.firstResponseAt?.getTime() ?? null });
}

function renderCsv(rows: ListedMention[]): string {
  let out = CSV_BOM + toCsvRow(MENTION_RECORD_COLUMNS);
  for (const row of rows) {
    out += toMentionCsvRow(toJsonMention(row));
  }
  return out;
}

function renderMentionTable(rows: ListedMention[], withResponse: boolean): string {
  const time = (d: Date | null) => d?.toISOString().slice(0, 16).replace("T", " ") ?? "";
  return renderTable(
    ["published", ...(withResponse ? ["first reply"] : []), "source", "lang", "sentiment", "complaint", "topics", "text"],
    rows.map((row) => [
      time(row.publishedAt),
      ...(withResponse ? [time(row.firstResponseAt) || "-"] : []),
      toTerminalText(row.sourceName, 24),
      row.lang ?? "",
      row.sentiment,
      row.complaint ? "yes" : "",
      row.topics.join(","),
      toTerminalText(row.title ? `${row.title}: ${row.text}` : row.text, 70),
    ]),
  );
}
