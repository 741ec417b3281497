import { sql } from "drizzle-orm";
import { boolean, customType, doublePrecision, index, integer, json, pgTable, primaryKey, text, unique, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { Cursor } from "../../core/mention.js";

/**
 * The PostgreSQL schema: the same tables, columns and constraints as store/sqlite/schema.ts, so
 * both backends answer with the same rows. Differences, each on purpose:
 * - Instants are `bigint` milliseconds since the epoch (as SQLite's `timestamp_ms` integers), so
 *   the digest's range arithmetic and time-zone day cuts read the same in both dialects; the
 *   column type maps them to `Date` as drizzle's SQLite mode does.
 * - Flags are `boolean`. JSON is `json`, not `jsonb`: jsonb reorders object keys, and the
 *   config comparison of syncSources and the evidence text of the digest must read back as written.
 * - `raw` is text: PostgreSQL compresses large values itself (TOAST, pglz), so the
 *   `storage.raw: compress` brotli step of the SQLite store is not repeated here.
 * - No digest rollup tables yet: PostgreSQL digests count from the mention rows (README, "Run on
 *   PostgreSQL").
 */
const instant = customType<{ data: Date; driverData: string | number }>({
  dataType: () => "bigint",
  toDriver: (value) => value.getTime(),
  // node-postgres returns int8 as a string (it may exceed 2^53); ms timestamps never do.
  fromDriver: (value) => new Date(Number(value)),
});

export const sources = pgTable("sources", {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  name: text().notNull().unique(),
  kind: text().notNull(),
  config: json().$type<Record<string, unknown>>().notNull(),
  cursor: json().$type<Cursor>(),
  schedule: text(),
  enabled: boolean().notNull().default(true),
  nextCheckAt: instant(),
  lastRunAt: instant(),
  lastSuccessAt: instant(),
  errorCount: integer().notNull().default(0),
  lastError: text(),
  createdAt: instant().notNull(),
  threadsNextCheckAt: instant(),
  threadsLastError: text(),
});

export const mentions = pgTable(
  "mentions",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    sourceId: integer()
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    externalId: text().notNull(),
    url: text(),
    author: text(),
    authorHash: text(),
    title: text(),
    text: text().notNull(),
    lang: text(),
    channel: text().notNull(),
    rating: doublePrecision(),
    ratingScale: integer(),
    matchedTerm: text(),
    publishedAt: instant(),
    fetchedAt: instant().notNull(),
    contentHash: text().notNull(),
    duplicateOf: integer().references((): AnyPgColumn => mentions.id, { onDelete: "set null" }),
    raw: text(),
    appVersion: text(),
    redactions: integer().notNull().default(0),
    sentiment: text().notNull(),
    sentimentScore: doublePrecision().notNull(),
    complaint: boolean().notNull(),
    topics: json().$type<string[]>().notNull(),
    stages: json().$type<string[]>().notNull(),
    /** The evidence as JSON text (what exports and the digest read); SQLite packs it, see evidence-codec.ts. */
    evidence: text().notNull(),
    classifierVersion: text().notNull(),
    firstResponseAt: instant(),
    threadCheckedAt: instant(),
  },
  (t) => [
    unique("mentions_source_external_unique").on(t.sourceId, t.externalId),
    index("mentions_thread_queue_idx")
      .on(t.sourceId, t.threadCheckedAt)
      .where(sql`${t.firstResponseAt} is null and ${t.complaint}`),
    index("mentions_content_hash_idx").on(t.contentHash),
    index("mentions_author_hash_idx").on(t.authorHash),
    index("mentions_duplicate_of_idx")
      .on(t.duplicateOf)
      .where(sql`${t.duplicateOf} is not null`),
    index("mentions_occurred_at_idx").on(sql`coalesce(${t.publishedAt}, ${t.fetchedAt})`, t.duplicateOf),
  ],
);

export const mentionTopics = pgTable(
  "mention_topics",
  {
    mentionId: integer()
      .notNull()
      .references(() => mentions.id, { onDelete: "cascade" }),
    topic: text().notNull(),
    stage: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.mentionId, t.topic] }), index("mention_topics_topic_idx").on(t.topic, t.stage)],
);

export const scanRuns = pgTable(
  "scan_runs",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    sourceId: integer()
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    startedAt: instant().notNull(),
    finishedAt: instant(),
    status: text().notNull().default("running"),
    fetched: integer().notNull().default(0),
    added: integer().notNull().default(0),
    errors: integer().notNull().default(0),
    error: text(),
  },
  (t) => [index("scan_runs_source_started_idx").on(t.sourceId, t.startedAt)],
);

export const scanErrors = pgTable(
  "scan_errors",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    runId: integer()
      .notNull()
      .references(() => scanRuns.id, { onDelete: "cascade" }),
    sourceId: integer()
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    item: text(),
    message: text().notNull(),
    rawSnippet: text(),
    createdAt: instant()
      .notNull()
      .default(sql`(extract(epoch from now()) * 1000)::bigint`),
  },
  (t) => [index("scan_errors_run_idx").on(t.runId)],
);

export const alertsSent = pgTable(
  "alerts_sent",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    alertKey: text().notNull(),
    channel: text().notNull(),
    sentAt: instant().notNull(),
  },
  (t) => [index("alerts_sent_key_idx").on(t.alertKey, t.sentAt)],
);

export const corrections = pgTable(
  "corrections",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    mentionId: integer().references(() => mentions.id, { onDelete: "set null" }),
    text: text().notNull(),
    title: text(),
    lang: text(),
    channel: text().notNull(),
    rating: doublePrecision(),
    ratingScale: integer(),
    url: text(),
    authorHash: text(),
    sentiment: text(),
    complaint: boolean(),
    topics: json().$type<string[]>(),
    topicStages: json().$type<Array<{ topic: string; stage: string }>>(),
    createdAt: instant().notNull(),
    updatedAt: instant().notNull(),
  },
  (t) => [unique("corrections_mention_unique").on(t.mentionId), index("corrections_author_hash_idx").on(t.authorHash)],
);

export const responses = pgTable(
  "responses",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    mentionId: integer()
      .notNull()
      .references(() => mentions.id, { onDelete: "cascade" }),
    externalId: text().notNull(),
    responder: text().notNull(),
    respondedAt: instant().notNull(),
    url: text(),
    text: text().notNull(),
    redactions: integer().notNull().default(0),
    deleted: boolean().notNull().default(false),
    fetchedAt: instant().notNull(),
  },
  (t) => [unique("responses_mention_external_unique").on(t.mentionId, t.externalId)],
);
