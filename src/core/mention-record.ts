import { toCsvRow } from "./csv.js";

/** What a stored mention gives the record below (both the store's listed and browsed rows have it). */
export interface MentionRecordInput {
  id: number;
  sourceName: string;
  externalId: string;
  url: string | null;
  publishedAtMs: number | null;
  lang: string | null;
  channel: string;
  rating: number | null;
  ratingScale: number | null;
  title: string | null;
  text: string;
  sentiment: string;
  sentimentScore: number;
  complaint: boolean;
  topics: string[];
  stages: string[];
  classifierVersion: string;
  firstResponseAtMs: number | null;
}

/**
 * One mention as `earshot mentions --json` and the dashboard's JSONL download write it, so files
 * from either read the same (README, CLI reference). Keys are machine keys: they stay English.
 */
export function toMentionRecord(row: MentionRecordInput) {
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

export const MENTION_RECORD_COLUMNS = ["id", "source", "externalId", "url", "publishedAt", "lang", "channel", "rating", "ratingScale", "title", "text", "sentiment", "sentimentScore", "complaint", "topics", "stages", "classifierVersion", "firstResponseAt"] as const;

/** The record as one CSV line (topics and stages joined by ";"), formula-safe as every CSV cell. */
export function toMentionCsvRow(record: ReturnType<typeof toMentionRecord>): string {
  return toCsvRow(MENTION_RECORD_COLUMNS.map((column) => (column === "topics" || column === "stages" ? record[column].join(";") : record[column])));
}
