import { CSV_BOM, toCsvRow } from "../core/csv.js";
import type { BrowsedMention } from "../store/types.js";

/**
 * The Mentions page's downloads: exactly the filtered rows, in the list's order. The fields are
 * those of `earshot mentions --json` and `--csv` (README, CLI reference), so a file downloaded
 * here and one written by the CLI read the same; column names are machine keys and stay English.
 */
export function toJsonMention(row: BrowsedMention) {
  return {
    id: row.id,
    source: row.sourceName,
    externalId: row.externalId,
    url: row.url,
    publishedAt: row.publishedAtMs === null ? null : new Date(row.publishedAtMs).toISOString(),
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
    firstResponseAt: row.firstResponseAtMs === null ? null : new Date(row.firstResponseAtMs).toISOString(),
  };
}

export const CSV_COLUMNS = ["id", "source", "externalId", "url", "publishedAt", "lang", "channel", "rating", "ratingScale", "title", "text", "sentiment", "sentimentScore", "complaint", "topics", "stages", "classifierVersion", "firstResponseAt"] as const;

export type DownloadFormat = "csv" | "jsonl";

/**
 * The file as chunks of up to `rowsPerChunk` rows: a download of a million mentions streams in
 * bounded memory. CSV starts with a BOM (Excel reads UTF-8 then) and cells are formula-safe
 * (core/csv.ts).
 */
export async function* toDownloadChunks(rows: AsyncIterable<BrowsedMention>, format: DownloadFormat, rowsPerChunk = 500): AsyncGenerator<string> {
  let chunk = format === "csv" ? CSV_BOM + toCsvRow(CSV_COLUMNS) : "";
  let count = 0;
  for await (const row of rows) {
    const json = toJsonMention(row);
    chunk += format === "csv" ? toCsvRow(CSV_COLUMNS.map((c) => (c === "topics" || c === "stages" ? json[c].join(";") : json[c]))) : `${JSON.stringify(json)}\n`;
    if (++count % rowsPerChunk === 0) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}
