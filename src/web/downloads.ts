import { CSV_BOM, toCsvRow } from "../core/csv.js";
import { MENTION_RECORD_COLUMNS, toMentionCsvRow, toMentionRecord } from "../core/mention-record.js";
import type { BrowsedMention } from "../store/types.js";

/**
 * The Mentions page's downloads: exactly the filtered rows, in the list's order, as the records
 * `earshot mentions --json` and `--csv` write (core/mention-record.ts), so a file downloaded here
 * and one written by the CLI read the same.
 */
export function toJsonMention(row: BrowsedMention) {
  return toMentionRecord(row);
}

export type DownloadFormat = "csv" | "jsonl";

/**
 * The file as chunks of up to `rowsPerChunk` rows: a download of a million mentions streams in
 * bounded memory. CSV starts with a BOM (Excel reads UTF-8 then) and cells are formula-safe
 * (core/csv.ts).
 */
export async function* toDownloadChunks(rows: AsyncIterable<BrowsedMention>, format: DownloadFormat, rowsPerChunk = 500): AsyncGenerator<string> {
  let chunk = format === "csv" ? CSV_BOM + toCsvRow(MENTION_RECORD_COLUMNS) : "";
  let count = 0;
  for await (const row of rows) {
    const json = toJsonMention(row);
    chunk += format === "csv" ? toMentionCsvRow(json) : `${JSON.stringify(json)}\n`;
    if (++count % rowsPerChunk === 0) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}
