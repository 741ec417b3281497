/**
 * The dashboard's reads (`earshot serve`): filtered, searched, keyset-paginated mention lists,
 * one mention with its context, and what the filters offer. Hand-written SQL on the connection's
 * prepared-statement cache: the list runs on every page view, on up to millions of rows, and its
 * shape (optional conditions, a row-value cursor) is plainer as SQL than through the builder.
 */
import type Database from "better-sqlite3";
import { toClassifiedBody, type Evidence } from "../../core/classification.js";
import type { Db } from "./db.js";
import { fromStoredEvidence } from "../evidence-codec.js";
import { MATCHES_FTS_QUERY, toFtsQuery } from "./search.js";

export interface BrowseFilter {
  /** Written on or after (ms since the epoch); a mention without a publish time counts when fetched. */
  sinceMs?: number;
  /** Written before (exclusive), ms. */
  untilMs?: number;
  sourceIds?: readonly number[];
  channel?: string;
  lang?: string;
  sentiment?: string;
  /** true: complaints only; false: everything but complaints. */
  complaint?: boolean;
  topic?: string;
  stage?: string;
  response?: "answered" | "unanswered";
  /** Words that must all appear in the title or text (store/search.ts). */
  text?: string;
}

/** Where a page ends: the last row's time and id (newest first, id breaks ties). */
export interface BrowseCursor {
  atMs: number;
  id: number;
}

export interface BrowsedMention {
  id: number;
  sourceId: number;
  sourceName: string;
  sourceKind: string;
  externalId: string;
  url: string | null;
  title: string | null;
  text: string;
  lang: string | null;
  channel: string;
  rating: number | null;
  ratingScale: number | null;
  sentiment: string;
  sentimentScore: number;
  complaint: boolean;
  topics: string[];
  stages: string[];
  publishedAtMs: number | null;
  fetchedAtMs: number;
  /** The time lists sort by: published, else fetched. */
  atMs: number;
  firstResponseAtMs: number | null;
  duplicateOf: number | null;
  classifierVersion: string;
}

export interface BrowsePage {
  rows: BrowsedMention[];
  /** Set when more rows follow: pass it as `after` for the next page. */
  next?: BrowseCursor;
}

const OCCURRED_AT = "coalesce(m.published_at, m.fetched_at)";

// classifier_version names a classifier_versions row since migration 0010 (classifier-versions.ts).
const COLUMNS = `m.id, m.source_id, s.name as source_name, s.kind as source_kind, m.external_id, m.url, m.title, m.text, m.lang,
  m.channel, m.rating, m.rating_scale, m.sentiment, m.sentiment_score, m.complaint, m.topics, m.stages, m.published_at,
  m.fetched_at, ${OCCURRED_AT} as at, m.first_response_at, m.duplicate_of,
  coalesce((select v.version from classifier_versions v where v.id = m.classifier_version), m.classifier_version) as classifier_version`;

interface RawRow {
  id: number;
  source_id: number;
  source_name: string;
  source_kind: string;
  external_id: string;
  url: string | null;
  title: string | null;
  text: string;
  lang: string | null;
  channel: string;
  rating: number | null;
  rating_scale: number | null;
  sentiment: string;
  sentiment_score: number;
  complaint: number;
  topics: string;
  stages: string;
  published_at: number | null;
  fetched_at: number;
  at: number;
  first_response_at: number | null;
  duplicate_of: number | null;
  classifier_version: string;
}

const statementsByClient = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepare(db: Db, text: string): Database.Statement {
  const client = db.$client;
  let cache = statementsByClient.get(client);
  if (!cache) statementsByClient.set(client, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = client.prepare(text)));
  return statement;
}

/** The WHERE clause and its parameters for a filter (and, for a page after the first, its cursor). */
function toWhere(filter: BrowseFilter, after?: BrowseCursor): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.sinceMs !== undefined) (where.push(`${OCCURRED_AT} >= ?`), params.push(filter.sinceMs));
  if (filter.untilMs !== undefined) (where.push(`${OCCURRED_AT} < ?`), params.push(filter.untilMs));
  if (filter.sourceIds && filter.sourceIds.length > 0) {
    where.push(`m.source_id in (${filter.sourceIds.map(() => "?").join(", ")})`);
    params.push(...filter.sourceIds);
  }
  if (filter.channel) (where.push("m.channel = ?"), params.push(filter.channel));
  if (filter.lang) (where.push("m.lang = ?"), params.push(filter.lang));
  if (filter.sentiment) (where.push("m.sentiment = ?"), params.push(filter.sentiment));
  if (filter.complaint !== undefined) (where.push("m.complaint = ?"), params.push(filter.complaint ? 1 : 0));
  if (filter.response === "answered") where.push("m.first_response_at is not null");
  if (filter.response === "unanswered") where.push("m.first_response_at is null");
  if (filter.topic || filter.stage) {
    const topicWhere = ["t.mention_id = m.id"];
    if (filter.topic) (topicWhere.push("t.topic = ?"), params.push(filter.topic));
    if (filter.stage) (topicWhere.push("t.stage = ?"), params.push(filter.stage));
    where.push(`exists (select 1 from mention_topics t where ${topicWhere.join(" and ")})`);
  }
  const query = filter.text === undefined ? undefined : toFtsQuery(filter.text);
  if (query !== undefined) (where.push(MATCHES_FTS_QUERY), params.push(query));
  // Row values: (at, id) < (cursor.at, cursor.id) is "older, or as old with a lower id".
  if (after) (where.push(`(${OCCURRED_AT}, m.id) < (?, ?)`), params.push(after.atMs, after.id));
  return { sql: where.length > 0 ? `where ${where.join(" and ")}` : "", params };
}

function toBrowsed(r: RawRow): BrowsedMention {
  return {
    id: r.id,
    sourceId: r.source_id,
    sourceName: r.source_name,
    sourceKind: r.source_kind,
    externalId: r.external_id,
    url: r.url,
    title: r.title,
    text: r.text,
    lang: r.lang,
    channel: r.channel,
    rating: r.rating,
    ratingScale: r.rating_scale,
    sentiment: r.sentiment,
    sentimentScore: r.sentiment_score,
    complaint: r.complaint === 1,
    topics: JSON.parse(r.topics) as string[],
    stages: JSON.parse(r.stages) as string[],
    publishedAtMs: r.published_at,
    fetchedAtMs: r.fetched_at,
    atMs: r.at,
    firstResponseAtMs: r.first_response_at,
    duplicateOf: r.duplicate_of,
    classifierVersion: r.classifier_version,
  };
}

/**
 * One page of mentions matching `filter`, newest first. Keyset pagination: the next page starts
 * after the last row's (time, id), so paging stays as fast on page 1,000 as on page 1 and a
 * mention arriving meanwhile does not shift the pages.
 */
export function browseMentions(db: Db, filter: BrowseFilter, page: { after?: BrowseCursor; limit: number }): BrowsePage {
  const { sql, params } = toWhere(filter, page.after);
  // The page's ids are chosen first and only its rows are read whole: a search matching 13k
  // mentions otherwise sorted every matching row with its text (57 → 47 ms at 1M). CROSS JOIN
  // fixes the loop order (SQLite never reorders it): with a plain join the planner walked all
  // mentions and probed the page's ids (120 ms for the newest 50 at 1M instead of 0.2 ms).
  const statement = prepare(
    db,
    `select ${COLUMNS} from (select m.id from mentions m ${sql} order by ${OCCURRED_AT} desc, m.id desc limit ?) page
      cross join mentions m on m.id = page.id cross join sources s on s.id = m.source_id
      order by ${OCCURRED_AT} desc, m.id desc`,
  );
  const raw = statement.all(...params, page.limit + 1) as RawRow[];
  const rows = raw.slice(0, page.limit).map(toBrowsed);
  const last = rows.at(-1);
  return raw.length > page.limit && last ? { rows, next: { atMs: last.atMs, id: last.id } } : { rows };
}

/** Every mention matching `filter`, newest first, read lazily (downloads of any size in bounded memory). */
export function* iterateMentions(db: Db, filter: BrowseFilter): Generator<BrowsedMention> {
  const { sql, params } = toWhere(filter);
  const statement = prepare(db, `select ${COLUMNS} from mentions m join sources s on s.id = m.source_id ${sql} order by ${OCCURRED_AT} desc, m.id desc`);
  for (const row of statement.iterate(...params) as IterableIterator<RawRow>) yield toBrowsed(row);
}

export interface MentionDetail extends BrowsedMention {
  evidence: Evidence[];
  matchedTerm: string | null;
  appVersion: string | null;
  redactions: number;
  /** Other sources' copies of this text (their duplicateOf is this mention). */
  repeats: Array<{ id: number; sourceName: string; url: string | null }>;
  /** The person's correction, when there is one. */
  correctedAtMs: number | null;
}

/** One mention with what its page shows beside the text; undefined when no mention has this id. */
export function loadMentionDetail(db: Db, id: number): MentionDetail | undefined {
  const row = prepare(db, `select ${COLUMNS}, m.evidence, m.matched_term, m.app_version, m.redactions from mentions m join sources s on s.id = m.source_id where m.id = ?`).get(id) as
    | (RawRow & { evidence: string | Buffer; matched_term: string | null; app_version: string | null; redactions: number })
    | undefined;
  if (!row) return undefined;
  const repeats = prepare(db, "select m.id, s.name as source_name, m.url from mentions m join sources s on s.id = m.source_id where m.duplicate_of = ? order by m.id").all(id) as Array<{
    id: number;
    source_name: string;
    url: string | null;
  }>;
  const corrected = prepare(db, "select updated_at from corrections where mention_id = ?").pluck().get(id) as number | undefined;
  return {
    ...toBrowsed(row),
    // Packed since issue 14 (evidence-codec.ts): matches are read back from the text at their offsets.
    evidence: fromStoredEvidence(row.evidence, toClassifiedBody(row)),
    matchedTerm: row.matched_term,
    appVersion: row.app_version,
    redactions: row.redactions,
    repeats: repeats.map((r) => ({ id: r.id, sourceName: r.source_name, url: r.url })),
    correctedAtMs: corrected ?? null,
  };
}

/**
 * The languages stored, most mentions first: what the language filter offers. Counted from the
 * daily rollups of `timezone` plus the mentions above its watermark (not rolled up yet): grouping
 * the whole table took 0.3–0.4 s at 1M mentions, this ~10 ms (docs/performance.md, dashboard).
 */
export function listMentionLanguages(db: Db, timezone: string): string[] {
  return prepare(
    db,
    `select lang from (
      select coalesce(r.lang, 'und') as lang, sum(r.mentions) as n from digest_rollup_mentions r join digest_rollup_days d on d.id = r.day_id where d.timezone = ? group by 1
      union all
      select coalesce(lang, 'und'), count(*) from mentions where id > coalesce((select mention_id from digest_rollup_watermarks where timezone = ?), 0) group by 1
    ) group by lang order by sum(n) desc, lang`,
  )
    .pluck()
    .all(timezone, timezone) as string[];
}

/**
 * Per source, the complaints whose thread check for a brand reply is due now: the conditions of
 * store/responses.ts's queue (complaint, unanswered, written within the window, never checked or
 * checked before the recheck time), counted for the Sources page.
 */
export function countThreadsDue(db: Db, sourceIds: readonly number[], options: { now: Date; windowMs: number; recheckMs: number }): Map<number, number> {
  if (sourceIds.length === 0) return new Map();
  // INDEXED BY: the planner prefers the thread-queue index (source, checked time), which holds
  // every unanswered complaint of all history (1 s at 1M mentions); the window's time range on
  // the digest's covering index reads only the last weeks (~40 ms). A dropped or renamed index
  // makes this fail loudly instead of silently scanning.
  const rows = prepare(
    db,
    `select m.source_id as source_id, count(*) as due from mentions m indexed by mentions_occurred_at_idx
      where ${OCCURRED_AT} >= ? and m.complaint = 1 and m.first_response_at is null
        and (m.thread_checked_at is null or m.thread_checked_at <= ?)
        and m.source_id in (select value from json_each(?))
      group by m.source_id`,
  ).all(options.now.getTime() - options.windowMs, options.now.getTime() - options.recheckMs, JSON.stringify(sourceIds)) as Array<{ source_id: number; due: number }>;
  return new Map(rows.map((r) => [r.source_id, r.due]));
}
