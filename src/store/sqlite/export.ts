import { sql } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "./db.js";
import { toClassifiedBody } from "../../core/classification.js";
import { toEvidenceJson, type StoredEvidence } from "../evidence-codec.js";
import { loadClassifierVersions, toClassifierVersion } from "./classifier-versions.js";

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
  /** When the brand first replied (ms since the epoch); null: unanswered or not measured. */
  firstResponseAt: number | null;
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
 *
 * Built for `earshot export`'s million-row runs (docs/performance.md, export): rows are read as
 * arrays (`raw()`) and turned into objects here, since the driver building a 23-key object per
 * row halved the rows read per second, and the source name and kind come from a map loaded once
 * instead of a join per row. Both queries run in one read transaction, so a source added
 * meanwhile cannot be missing from the map.
 */
export function* iterateMentionsForExport(db: Db, filter: ExportFilter = {}): Generator<ExportRow> {
  const where = [sql`1 = 1`];
  if (filter.since) where.push(sql`coalesce(m.published_at, m.fetched_at) >= ${filter.since.getTime()}`);
  if (filter.until) where.push(sql`coalesce(m.published_at, m.fetched_at) < ${filter.until.getTime()}`);
  // Column order is the index order toExportRow reads.
  const query = dialect.sqlToQuery(sql`
    select m.id, m.source_id, m.external_id, m.channel, m.url, m.lang, m.published_at, m.fetched_at, m.title,
      m.text, m.rating, m.rating_scale, m.sentiment, m.sentiment_score, m.complaint, m.topics, m.stages,
      m.evidence, m.classifier_version, m.matched_term, m.duplicate_of, m.redactions, m.first_response_at
    from mentions m
    where ${sql.join(where, sql` and `)}
    order by m.id`);
  const client = db.$client;
  const ownsTransaction = !client.inTransaction;
  if (ownsTransaction) client.exec("begin");
  try {
    const sourceRows = client.prepare("select id, name, kind from sources").raw(true).all() as Array<[number, string, string]>;
    const versions = loadClassifierVersions(db);
    const sources = new Map(sourceRows.map(([id, name, kind]) => [id, { name, kind }]));
    // drizzle's .all() would materialise every row; the driver's iterate() steps one at a time.
    const rows = client.prepare(query.sql).raw(true).iterate(...query.params) as IterableIterator<unknown[]>;
    for (const row of rows) {
      // mentions.source_id is a NOT NULL foreign key, so a miss means a broken database; skipped as the inner join it replaces did.
      const source = sources.get(row[1] as number);
      if (source) yield toExportRow(row, source, versions);
    }
  } finally {
    // Reached on completion and on an early return() alike: for…of closes the statement first.
    if (ownsTransaction && client.inTransaction) client.exec("commit");
  }
}

function toExportRow(row: unknown[], source: { name: string; kind: string }, versions: ReadonlyMap<string, string>): ExportRow {
  return {
    id: row[0] as number,
    source: source.name,
    sourceKind: source.kind,
    externalId: row[2] as string,
    channel: row[3] as string,
    url: row[4] as string | null,
    lang: row[5] as string | null,
    publishedAt: row[6] as number | null,
    fetchedAt: row[7] as number,
    title: row[8] as string | null,
    text: row[9] as string,
    rating: row[10] as number | null,
    ratingScale: row[11] as number | null,
    sentiment: row[12] as string,
    sentimentScore: row[13] as number,
    complaint: row[14] as number,
    topics: row[15] as string,
    stages: row[16] as string,
    // The JSON the evidence was stored as before it was packed: exports stay byte-identical.
    evidence: toEvidenceJson(row[17] as StoredEvidence, toClassifiedBody({ title: row[8] as string | null, text: row[9] as string })),
    classifierVersion: toClassifierVersion(versions, row[18] as string),
    matchedTerm: row[19] as string | null,
    duplicateOf: row[20] as number | null,
    redactions: row[21] as number,
    firstResponseAt: row[22] as number | null,
  };
}

// Only turns the template into SQL text and parameters; no connection involved.
const dialect = new SQLiteSyncDialect();
