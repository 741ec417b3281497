import { sql } from "drizzle-orm";
import { customType, index, integer, primaryKey, real, sqliteTable, text, unique, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Cursor } from "../../core/mention.js";
import type { StoredRaw } from "./raw-payload.js";
import type { StoredEvidence } from "../evidence-codec.js";
import { fromHashCell, toHashCell } from "./hash-cell.js";

// Column names come from `casing: "snake_case"` (db.ts and drizzle.config.ts): sourceId → source_id.
// Times are integer milliseconds since the epoch (mode "timestamp_ms"), so they sort and compare in SQL.

/** One configured source. Its cursor and scheduling state live here, next to each other but apart. */
export const sources = sqliteTable("sources", {
  id: integer().primaryKey({ autoIncrement: true }),
  /** The config's `name`: the stable key that config reloads match on. */
  name: text().notNull().unique(),
  kind: text().notNull(),
  /** Kind-specific settings as given in the config file (secrets are read from env, never stored). */
  config: text({ mode: "json" }).$type<Record<string, unknown>>().notNull(),
  cursor: text({ mode: "json" }).$type<Cursor>(),
  schedule: text(),
  enabled: integer({ mode: "boolean" }).notNull().default(true),
  nextCheckAt: integer({ mode: "timestamp_ms" }),
  lastRunAt: integer({ mode: "timestamp_ms" }),
  lastSuccessAt: integer({ mode: "timestamp_ms" }),
  /** Consecutive failed scans; reset by a successful page. */
  errorCount: integer().notNull().default(0),
  lastError: text(),
  createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  /**
   * Thread checks for brand replies (pipeline/check-threads.ts) are postponed until then: a 429 or
   * a failure on a thread endpoint sets it, and only thread checks wait; mention scans do not.
   */
  threadsNextCheckAt: integer({ mode: "timestamp_ms" }),
  /** The last thread-check failure (HTTP status and URL, never text), cleared by a good run. */
  threadsLastError: text(),
});

/**
 * The item payload (raw-payload.ts): text, or a compressed BLOB in the same TEXT column under
 * `storage.raw: compress`. Reading a compressed payload can need the row's text, title, url and
 * external id (they are left out of it), so readers decode with `fromStoredRaw(value, row)`.
 * Declared "text" as before, so the schema (and its migrations) did not change.
 */
const rawPayload = customType<{ data: StoredRaw; driverData: string | Buffer }>({
  dataType: () => "text",
  toDriver: (value) => (typeof value === "string" || Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
});

/**
 * The classifier's evidence (evidence-codec.ts): packed bytes, or the JSON text rows written
 * before packing hold. Decoding needs the mention's text (matches are read from it at their
 * offsets), so readers decode with `fromStoredEvidence` / `toEvidenceJson`, not here. Declared
 * "text" as before: no table rebuild.
 */
const storedEvidence = customType<{ data: StoredEvidence; driverData: string | Buffer }>({
  dataType: () => "text",
  toDriver: (value) => (typeof value === "string" ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
});

/** A sha256/HMAC hash: its bytes in the row (hash-cell.ts), hex text to the code. Declared "text" as before. */
const hash = customType<{ data: string; driverData: string | Buffer }>({
  dataType: () => "text",
  toDriver: toHashCell,
  fromDriver: fromHashCell,
});

export const mentions = sqliteTable(
  "mentions",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    sourceId: integer()
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    externalId: text().notNull(),
    url: text(),
    /** Display handle, kept only when the config opts in (privacy.keepAuthorHandles); else null. */
    author: text(),
    /** Keyed hash (HMAC-SHA256 with the local secret) of the platform + handle: erasure and per-author counts without storing who. */
    authorHash: hash(),
    title: text(),
    text: text().notNull(),
    lang: text(),
    channel: text().notNull(),
    rating: real(),
    ratingScale: integer(),
    matchedTerm: text(),
    publishedAt: integer({ mode: "timestamp_ms" }),
    fetchedAt: integer({ mode: "timestamp_ms" }).notNull(),
    /** sha256 of the normalised text: links the same review syndicated to several sources. */
    contentHash: hash().notNull(),
    /**
     * The first mention with the same content from another source (a syndicated review, a post
     * quoted in a feed): kept for the record, left out of counts so they are not inflated.
     */
    duplicateOf: integer().references((): AnySQLiteColumn => mentions.id, { onDelete: "set null" }),
    raw: rawPayload(),
    /** The app version a store review was written against: where a theme happens. */
    appVersion: text(),
    /** How many e-mails, phone numbers, card numbers, IBANs… were replaced by placeholders before storage. */
    redactions: integer().notNull().default(0),
    // Classification, rewritten in place by `reclassify` when classifierVersion is older.
    sentiment: text().notNull(),
    sentimentScore: real().notNull(),
    complaint: integer({ mode: "boolean" }).notNull(),
    topics: text({ mode: "json" }).$type<string[]>().notNull(),
    stages: text({ mode: "json" }).$type<string[]>().notNull(),
    evidence: storedEvidence().notNull(),
    /**
     * The classifier version, as the id of its `classifierVersions` row (migration 0010): the full
     * version string took 50 bytes in every row. Stored in the column's original TEXT affinity,
     * so the table was not rebuilt; the store's readers give back the version string.
     */
    classifierVersionRef: text("classifier_version").notNull(),
    /**
     * When the brand first answered (the earliest stored response, see `responses`); null while
     * unanswered or not measurable. Kept here so the digest and `mentions --unanswered` need no join.
     */
    firstResponseAt: integer({ mode: "timestamp_ms" }),
    /** When the thread was last fetched looking for a brand reply; null: never. Thread checks resume from it. */
    threadCheckedAt: integer({ mode: "timestamp_ms" }),
  },
  (t) => [
    unique("mentions_source_external_unique").on(t.sourceId, t.externalId),
    // The thread-check queue: unanswered mentions of a source, least recently checked first.
    index("mentions_thread_queue_idx")
      .on(t.sourceId, t.threadCheckedAt)
      .where(sql`${t.firstResponseAt} is null and ${t.complaint} = 1`),
    index("mentions_content_hash_idx").on(t.contentHash),
    // No index on author_hash (dropped in migration 0011): its one reader, `forget --author`, also
    // matches kept handles in the same statement and so reads every row anyway (query-plans test),
    // and the index cost every mention 41 B and a random b-tree insert.
    // Finds the repeats of a mention: deleting it sets their duplicate_of to null (ON DELETE SET
    // NULL), and without an index SQLite scans the whole table for every deleted mention (a
    // 5M-row purge stalled on it); the digest rollups re-count the repeats' days. Only repeats are
    // indexed, so inserts do not pay for it.
    index("mentions_duplicate_of_idx")
      .on(t.duplicateOf)
      .where(sql`${t.duplicateOf} is not null`),
    // The digest and export filter on this expression (a mention without a publish time counts
    // when it was fetched); SQLite uses an expression index only for the identical expression.
    // The other columns make it covering for the digest's counts (store/digest.ts): a week's rows
    // lie scattered through the table, and reading them one by one was the digest's main cost.
    index("mentions_occurred_at_idx").on(
      sql`coalesce(${t.publishedAt}, ${t.fetchedAt})`,
      t.duplicateOf,
      t.complaint,
      t.sentiment,
      t.sourceId,
      t.channel,
      t.lang,
      t.ratingScale,
      t.rating,
    ),
    // The dashboard's "answered" filter, newest first (store/browse.ts): answered mentions are few,
    // and without this the list walks every row looking for them (1.3 s at 1M with none). Only
    // answered mentions are indexed, so inserts do not pay for it.
    index("mentions_answered_idx")
      .on(sql`coalesce(${t.publishedAt}, ${t.fetchedAt})`)
      .where(sql`${t.firstResponseAt} is not null`),
  ],
);

/** Each classifier version mentions were classified by, stored once; mentions name it by id. */
export const classifierVersions = sqliteTable("classifier_versions", {
  id: integer().primaryKey({ autoIncrement: true }),
  version: text().notNull().unique(),
});

/**
 * One row per (mention, topic): lets the digest and `mentions --topic` filter and count by
 * topic and stage with an index instead of scanning JSON.
 */
export const mentionTopics = sqliteTable(
  "mention_topics",
  {
    mentionId: integer()
      .notNull()
      .references(() => mentions.id, { onDelete: "cascade" }),
    topic: text().notNull(),
    stage: text().notNull(),
  },
  // A WITHOUT ROWID table since migration 0009 (drizzle cannot declare it; the migration builds it):
  // the rows live in the primary key's b-tree, so a mention's topics and stages are read from the
  // table itself, and neither a rowid b-tree nor a (mention, stage, topic) index is kept beside it
  // (151 → ~70 B per mention). A later migration that rebuilds this table must keep WITHOUT ROWID.
  (t) => [primaryKey({ columns: [t.mentionId, t.topic] }), index("mention_topics_topic_idx").on(t.topic, t.stage)],
);

export const scanRuns = sqliteTable(
  "scan_runs",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    sourceId: integer()
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    startedAt: integer({ mode: "timestamp_ms" }).notNull(),
    finishedAt: integer({ mode: "timestamp_ms" }),
    /** running | ok | not_modified | partial | failed | interrupted */
    status: text().notNull().default("running"),
    fetched: integer().notNull().default(0),
    added: integer().notNull().default(0),
    errors: integer().notNull().default(0),
    error: text(),
  },
  (t) => [index("scan_runs_source_started_idx").on(t.sourceId, t.startedAt)],
);

/** Item-level problems: the item was skipped, the scan went on. */
export const scanErrors = sqliteTable(
  "scan_errors",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    runId: integer()
      .notNull()
      .references(() => scanRuns.id, { onDelete: "cascade" }),
    sourceId: integer()
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    item: text(),
    message: text().notNull(),
    /** The first 2 KiB of the offending payload, for debugging without re-fetching. */
    rawSnippet: text(),
    createdAt: integer({ mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index("scan_errors_run_idx").on(t.runId)],
);

/** Alerts already delivered, so a spike is not announced twice within its cool-down. */
export const alertsSent = sqliteTable(
  "alerts_sent",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** What was announced, e.g. `spike:delivery:2026-W47`. */
    alertKey: text().notNull(),
    /** Delivery channel: webhook, email, folder. */
    channel: text().notNull(),
    sentAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("alerts_sent_key_idx").on(t.alertKey, t.sentAt)],
);

/**
 * Daily pre-aggregates for the weekly digest (store/digest-rollups.ts): a day is a local day
 * (midnight to midnight) in `timezone`, the digest's period unit, so whole days add up to a
 * period. A row here means "the counts below are complete for this day" as of the time zone's
 * watermark; the counting tables hang off it and go with it (ON DELETE CASCADE), so invalidating a
 * day is one delete. Days with no row, and days holding a mention newer than the watermark, are
 * counted from the mention rows instead.
 */
export const digestRollupDays = sqliteTable(
  "digest_rollup_days",
  {
    id: integer().primaryKey(),
    /** IANA zone whose midnights bound the day. */
    timezone: text().notNull(),
    /** Local midnight, ms since the epoch. */
    startMs: integer().notNull(),
    /** The next local midnight (exclusive): 23 to 25 hours after startMs. */
    endMs: integer().notNull(),
  },
  (t) => [
    unique("digest_rollup_days_timezone_start_unique").on(t.timezone, t.startMs),
    // Invalidation finds the days holding a mention's time across all time zones.
    index("digest_rollup_days_start_idx").on(t.startMs),
  ],
);

/** Per day × source × channel × language: the mention counts of store/digest.ts's countMentionsByBucket. */
export const digestRollupMentions = sqliteTable(
  "digest_rollup_mentions",
  {
    dayId: integer()
      .notNull()
      .references(() => digestRollupDays.id, { onDelete: "cascade" }),
    sourceId: integer()
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    channel: text().notNull(),
    lang: text(),
    mentions: integer().notNull(),
    complaints: integer().notNull(),
    positive: integer().notNull(),
    neutral: integer().notNull(),
    negative: integer().notNull(),
    npsResponses: integer().notNull(),
    promoters: integer().notNull(),
    detractors: integer().notNull(),
  },
  (t) => [index("digest_rollup_mentions_day_idx").on(t.dayId)],
);

/** Complaints per day × topic (a complaint with two topics counts once for each). */
export const digestRollupTopics = sqliteTable(
  "digest_rollup_topics",
  {
    dayId: integer()
      .notNull()
      .references(() => digestRollupDays.id, { onDelete: "cascade" }),
    topic: text().notNull(),
    stage: text().notNull(),
    complaints: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.dayId, t.topic, t.stage] })],
);

/** Complaints per day × journey stage (a complaint with two topics of one stage counts once for it). */
export const digestRollupStages = sqliteTable(
  "digest_rollup_stages",
  {
    dayId: integer()
      .notNull()
      .references(() => digestRollupDays.id, { onDelete: "cascade" }),
    stage: text().notNull(),
    complaints: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.dayId, t.stage] })],
);

/**
 * Per day × topic, the complaints that come first in the evidence sampling order (a hash of the
 * id): the period's first N by that order are among the union of its days' first N, so the
 * digest picks the same examples from these as from all of the period's complaints.
 */
export const digestRollupExamples = sqliteTable(
  "digest_rollup_examples",
  {
    dayId: integer()
      .notNull()
      .references(() => digestRollupDays.id, { onDelete: "cascade" }),
    topic: text().notNull(),
    /**
     * JSON array of mentions.id (one row per day and topic rather than per id: a fifth of the
     * size). No foreign key: deleting a mention deletes its day's rollups (store/privacy.ts).
     */
    mentionIds: text({ mode: "json" }).$type<number[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.dayId, t.topic] })],
);

/**
 * Per time zone, the highest mentions.id the rollups account for. Inserts never touch the
 * rollups (the ingest path stays as it was): mentions above the watermark are the ones the next
 * refresh looks at, and until then the digest counts their days from the rows.
 */
export const digestRollupWatermarks = sqliteTable("digest_rollup_watermarks", {
  timezone: text().primaryKey(),
  mentionId: integer().notNull(),
});

/**
 * A user's correction of a mention's labels (`earshot label`): training data for a local model
 * (`earshot train --corrections`) and an overlay that `reclassify` keeps. The text is copied
 * (as stored, already redacted) so a correction outlives its mention's retention: the link is
 * cleared, not the correction. Erasure (`forget`) deletes it with the mention, by author hash or URL.
 * A null label was not corrected.
 */
export const corrections = sqliteTable(
  "corrections",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    mentionId: integer().references(() => mentions.id, { onDelete: "set null" }),
    text: text().notNull(),
    title: text(),
    lang: text(),
    channel: text().notNull(),
    rating: real(),
    ratingScale: integer(),
    url: text(),
    authorHash: hash(),
    sentiment: text(),
    complaint: integer({ mode: "boolean" }),
    topics: text({ mode: "json" }).$type<string[]>(),
    /** Topic → stage as the taxonomy said when the correction was made, so the overlay needs no taxonomy. */
    topicStages: text({ mode: "json" }).$type<Array<{ topic: string; stage: string }>>(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [unique("corrections_mention_unique").on(t.mentionId), index("corrections_author_hash_idx").on(t.authorHash)],
);

/**
 * The brand's replies to stored mentions (issue 13): one row per platform reply, found in a
 * thread fetch or in the review payload (developer responses). Replies are the brand's, never
 * customer mentions: they are not classified or counted, and go with their mention on purge and
 * forget (ON DELETE CASCADE). The text is redacted exactly like mention text.
 */
export const responses = sqliteTable(
  "responses",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    mentionId: integer()
      .notNull()
      .references(() => mentions.id, { onDelete: "cascade" }),
    /** The platform's id of the reply (comment id, status id, post URI); for developer responses "developer-response". */
    externalId: text().notNull(),
    /** The configured brand account that answered (brand.accounts), as written in the config. */
    responder: text().notNull(),
    respondedAt: integer({ mode: "timestamp_ms" }).notNull(),
    url: text(),
    /** Redacted like mention text; "" when the platform shows the reply was deleted. */
    text: text().notNull(),
    redactions: integer().notNull().default(0),
    /** The reply is gone (deleted or hidden) but the platform still shows that and when it was made. */
    deleted: integer({ mode: "boolean" }).notNull().default(false),
    fetchedAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [unique("responses_mention_external_unique").on(t.mentionId, t.externalId)],
);
