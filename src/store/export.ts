import { sql } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "./db.js";

/** One mention with every stored attribute but the raw payload, as `earshot export` writes it. */
export interface ExportRow {
  id: number;
  source: string;
  sourceKind: string;
  externalId: string;
  channel: string;
  url: string | null;
  lang: string | null;
  /** ms since the epoch. */
  publishedAt: number | null;
  fetchedAt: number;
  title: string | null;
  text: string;
  rating: number | null;
  ratingScale: number | null;
  sentiment: string;
  sentimentScore: number;
  /** 0 or 1. */
  complaint: number;
  /** JSON arrays as stored. */
  topics: string;
  stages: string;
  /** Classifier explanations (matched terms and offsets), JSON as stored. */
  evidence: string;
  classifierVersion: string;
  matchedTerm: string | null;
  duplicateOf: number | null;
  redactions: number;
}

export interface ExportFilter {
  /** Mentions published (or, without a publish time, fetched) at or after this. */
  since?: Date;
  /** …and before this. */
  until?: Date;
}

/**
 * Streams mentions in id order (insertion order, so no sort buffer) with better-sqlite3's
 * iterate(): one row in memory at a time however many are stored. The connection is busy
 * until the iterator finishes or is returned early; run no other query on `db` meanwhile.
 */
export function* iterateMentionsForExport(db: Db, filter: ExportFilter = {}): Generator<ExportRow> {
  const where = [sql`1 = 1`];
  if (filter.since) where.push(sql`coalesce(m.published_at, m.fetched_at) >= ${filter.since.getTime()}`);
  if (filter.until) where.push(sql`coalesce(m.published_at, m.fetched_at) < ${filter.until.getTime()}`);
  const query = dialect.sqlToQuery(sql`
    select m.id as id, s.name as source, s.kind as sourceKind, m.external_id as externalId, m.channel as channel,
      m.url as url, m.lang as lang, m.published_at as publishedAt, m.fetched_at as fetchedAt, m.title as title,
      m.text as text, m.rating as rating, m.rating_scale as ratingScale, m.sentiment as sentiment,
      m.sentiment_score as sentimentScore, m.complaint as complaint, m.topics as topics, m.stages as stages,
      m.evidence as evidence, m.classifier_version as classifierVersion, m.matched_term as matchedTerm,
      m.duplicate_of as duplicateOf, m.redactions as redactions
    from mentions m join sources s on s.id = m.source_id
    where ${sql.join(where, sql` and `)}
    order by m.id`);
  // drizzle's .all() would materialise every row; the driver's iterate() steps one at a time.
  yield* db.$client.prepare(query.sql).iterate(...query.params) as IterableIterator<ExportRow>;
}

// Only turns the template into SQL text and parameters; no connection involved.
const dialect = new SQLiteSyncDialect();
