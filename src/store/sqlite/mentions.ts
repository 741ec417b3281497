import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import { toClassifiedBody, type Evidence } from "../../core/classification.js";
import type { Cursor } from "../../core/mention.js";
import type Database from "better-sqlite3";
import type { Statement } from "better-sqlite3";
import type { Db } from "./db.js";
import { fromStoredEvidence, toStoredEvidence, type StoredEvidence } from "../evidence-codec.js";
import { toHashCell } from "./hash-cell.js";
import { loadClassifierVersions, toClassifierVersion, toClassifierVersionRef } from "./classifier-versions.js";
import { fromStoredRaw, rawStorageOf, toStoredRaw, type RawStorage } from "./raw-payload.js";
import { mentions, mentionTopics, sources } from "./schema.js";

export type MentionRow = typeof mentions.$inferSelect;
/**
 * A mention to insert. Its evidence may come packed already (the pipeline packs it in its
 * preparation workers, off the scanning thread) or as entries the store packs.
 */
export type NewMention = Omit<typeof mentions.$inferInsert, "id" | "sourceId" | "evidence" | "classifierVersionRef" | "raw"> & {
  /** The scrubbed payload; the store compresses it as `storage.raw` says. */
  raw?: string | null;
  evidence: readonly Evidence[] | StoredEvidence;
  classifierVersion: string;
};

/** A mention ready to store, with the stage of each of its topics (the taxonomy decides them). */
export interface PageRow {
  mention: NewMention;
  topicStages: Array<{ topic: string; stage: string }>;
}

/** An item the source skipped, stored with the page it belongs to. */
export interface PageItemError {
  item: string;
  message: string;
  raw?: string;
}

export interface SavePageInput {
  sourceId: number;
  runId: number;
  rows: PageRow[];
  cursor: Cursor;
  itemErrors?: PageItemError[];
  now: Date;
  /** Items the page delivered, counted on the run; default rows.length (the pipeline leaves out ids already stored). */
  fetched?: number;
}

const RAW_SNIPPET_CHARS = 2048;

// Short texts ("Great app!", "5 stars") are written independently by many people: only
// longer texts with identical words are the same review seen twice.
const MIN_DUPLICATE_TEXT_CHARS = 40;

/**
 * The ingest path's statements, prepared once per connection. Ingest is the hot path (docs/
 * performance.md): drizzle's query builder rebuilt and re-prepared these statements for every
 * page, which cost several times the inserts themselves. The column lists follow schema.ts.
 */
interface IngestStatements {
  insertMention: Statement;
  insertTopic: Statement;
  linkDuplicate: Statement;
  insertItemError: Statement;
  countRun: Statement;
  saveCursor: Statement;
  findKnown: Statement;
  /** What `raw` becomes in the row (openDb's rawStorage). */
  rawStorage: RawStorage;
  begin: <T>(fn: () => T) => T;
  db: Pick<Db, "$client">;
}

const statementsByClient = new WeakMap<Database.Database, IngestStatements>();

function ingestStatements(db: Db): IngestStatements {
  const client = db.$client;
  let statements = statementsByClient.get(client);
  if (!statements) {
    statements = {
      insertMention: client.prepare(`
        insert into mentions (source_id, external_id, url, author, author_hash, title, text, lang, channel,
          rating, rating_scale, matched_term, published_at, fetched_at, content_hash, raw, redactions,
          sentiment, sentiment_score, complaint, topics, stages, evidence, classifier_version, app_version)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        on conflict do nothing
        returning id`),
      insertTopic: client.prepare("insert into mention_topics (mention_id, topic, stage) values (?, ?, ?) on conflict do nothing"),
      // Points a new mention at the earliest mention with the same content from another source.
      linkDuplicate: client.prepare(`
        update mentions set duplicate_of = (
          select first.id from mentions as first
          where first.content_hash = mentions.content_hash
            and first.source_id <> mentions.source_id
            and first.duplicate_of is null
            and first.id < mentions.id
          order by first.id limit 1)
        where id = ?`),
      insertItemError: client.prepare("insert into scan_errors (run_id, source_id, item, message, raw_snippet, created_at) values (?, ?, ?, ?, ?, ?)"),
      countRun: client.prepare("update scan_runs set fetched = fetched + ?, added = added + ?, errors = errors + ? where id = ?"),
      saveCursor: client.prepare("update sources set cursor = ?, last_success_at = ?, error_count = 0, last_error = null where id = ?"),
      findKnown: client.prepare("select external_id from mentions where source_id = ? and external_id in (select value from json_each(?))").pluck(),
      rawStorage: rawStorageOf(client),
      begin: (fn) => client.transaction(fn)(),
      db,
    };
    statementsByClient.set(client, statements);
  }
  return statements;
}

/**
 * Stores one page: new mentions (duplicates by (source, external id) are ignored), their topic
 * rows, item errors, the run's counters and the source's cursor, in one transaction. A crash
 * before the commit refetches this page; a crash after resumes from `cursor`.
 * @returns how many mentions were new.
 */
export function savePage(db: Db, input: SavePageInput): number {
  return savePages(db, [input])[0]!;
}

/**
 * Stores several pages (of different sources) in one transaction, each exactly as savePage
 * would. A commit rewrites every index page the transaction touched, and new mentions land on
 * scattered pages of the content-hash, author-hash and time indexes: committing pages together
 * writes those shared pages once (WAL bytes per mention fall 2–4×). Each page still commits with
 * its own cursor; a crash refetches every page of the group.
 * @returns how many mentions were new, per page.
 */
export function savePages(db: Db, inputs: readonly SavePageInput[]): number[] {
  const statements = ingestStatements(db);
  // better-sqlite3 transactions are synchronous: nothing in here may await.
  return statements.begin(() => inputs.map((input) => writePage(statements, input)));
}

function toEvidenceCell(m: NewMention): string | Buffer {
  const stored = isEvidenceList(m.evidence) ? toStoredEvidence(m.evidence, toClassifiedBody(m)) : m.evidence;
  // better-sqlite3 binds a Buffer as a BLOB; a Uint8Array that crossed a worker boundary is not one.
  return typeof stored === "string" || Buffer.isBuffer(stored) ? stored : Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
}

function isEvidenceList(evidence: NewMention["evidence"]): evidence is readonly Evidence[] {
  return Array.isArray(evidence);
}

function writePage(statements: IngestStatements, input: SavePageInput): number {
  const { sourceId, runId, rows, cursor, itemErrors = [], now } = input;
  let added = 0;
  for (const { mention: m, topicStages } of rows) {
    const inserted = statements.insertMention.get(
      sourceId, m.externalId, m.url ?? null, m.author ?? null, m.authorHash ? toHashCell(m.authorHash) : null, m.title ?? null, m.text, m.lang ?? null, m.channel,
      m.rating ?? null, m.ratingScale ?? null, m.matchedTerm ?? null, toMs(m.publishedAt), toMs(m.fetchedAt), toHashCell(m.contentHash), toStoredRaw(m.raw, statements.rawStorage, m), m.redactions ?? 0,
      m.sentiment, m.sentimentScore, m.complaint ? 1 : 0, JSON.stringify(m.topics), JSON.stringify(m.stages), toEvidenceCell(m), toClassifierVersionRef(statements.db, m.classifierVersion), m.appVersion ?? null,
    ) as { id: number } | undefined;
    if (!inserted) continue;
    added++;
    for (const { topic, stage } of topicStages) statements.insertTopic.run(inserted.id, topic, stage);
    if (m.text.length >= MIN_DUPLICATE_TEXT_CHARS) statements.linkDuplicate.run(inserted.id);
  }
  for (const e of itemErrors) {
    statements.insertItemError.run(runId, sourceId, e.item, e.message, e.raw?.slice(0, RAW_SNIPPET_CHARS) ?? null, now.getTime());
  }
  statements.countRun.run(input.fetched ?? rows.length, added, itemErrors.length, runId);
  statements.saveCursor.run(JSON.stringify(cursor), now.getTime(), sourceId);
  return added;
}

function toMs(value: Date | null | undefined): number | null {
  return value ? value.getTime() : null;
}

/**
 * Which of `externalIds` this source has already stored. The pipeline drops those before
 * redaction and classification: a rescan of a feed that did not change then costs a fetch, a
 * parse and this indexed lookup (the unique source + external id index), not a second ingest.
 */
export function listKnownExternalIds(db: Db, sourceId: number, externalIds: readonly string[]): Set<string> {
  if (externalIds.length === 0) return new Set();
  // One JSON array parameter: no bound-variable limit, whatever the page size.
  return new Set(ingestStatements(db).findKnown.all(sourceId, JSON.stringify(externalIds)) as string[]);
}

export interface MentionFilter {
  since?: Date;
  until?: Date;
  topic?: string;
  stage?: string;
  lang?: string;
  complaintsOnly?: boolean;
  sourceNames?: string[];
  /** Leave out mentions that repeat another source's mention (duplicateOf set). */
  distinctOnly?: boolean;
  /** Only mentions of sources of these kinds (response tracking: the kinds that can show replies). */
  kinds?: string[];
  /** Only mentions the brand answered (`answered`) or did not (`unanswered`), by their first-response time. */
  response?: "answered" | "unanswered";
  limit?: number;
}

/** A stored mention with its evidence decoded, and its source's name. */
export type ListedMention = Omit<MentionRow, "evidence" | "classifierVersionRef" | "raw"> & { evidence: Evidence[]; classifierVersion: string; raw: string | null; sourceName: string };

/** Mentions newest first, filtered as `earshot mentions` and the export ask. */
export function listMentions(db: Db, filter: MentionFilter = {}): ListedMention[] {
  const where: SQL[] = [];
  if (filter.since) where.push(gte(sql`coalesce(${mentions.publishedAt}, ${mentions.fetchedAt})`, filter.since.getTime()));
  if (filter.until) where.push(lt(sql`coalesce(${mentions.publishedAt}, ${mentions.fetchedAt})`, filter.until.getTime()));
  if (filter.lang) where.push(eq(mentions.lang, filter.lang));
  if (filter.complaintsOnly) where.push(eq(mentions.complaint, true));
  if (filter.distinctOnly) where.push(isNull(mentions.duplicateOf));
  if (filter.sourceNames?.length) where.push(inArray(sources.name, filter.sourceNames));
  if (filter.kinds) where.push(filter.kinds.length > 0 ? inArray(sources.kind, filter.kinds) : sql`0`);
  if (filter.response === "answered") where.push(isNotNull(mentions.firstResponseAt));
  if (filter.response === "unanswered") where.push(isNull(mentions.firstResponseAt));
  if (filter.topic || filter.stage) {
    const topicWhere: SQL[] = [eq(mentionTopics.mentionId, mentions.id)];
    if (filter.topic) topicWhere.push(eq(mentionTopics.topic, filter.topic));
    if (filter.stage) topicWhere.push(eq(mentionTopics.stage, filter.stage));
    where.push(sql`exists (select 1 from ${mentionTopics} where ${and(...topicWhere)})`);
  }
  const query = db
    .select({ mention: mentions, sourceName: sources.name })
    .from(mentions)
    .innerJoin(sources, eq(sources.id, mentions.sourceId))
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(sql`coalesce(${mentions.publishedAt}, ${mentions.fetchedAt})`), desc(mentions.id));
  const rows = filter.limit !== undefined ? query.limit(filter.limit).all() : query.all();
  const versions = loadClassifierVersions(db);
  return rows.map(({ mention: { classifierVersionRef, ...mention }, sourceName }) => ({
    ...mention,
    evidence: fromStoredEvidence(mention.evidence, toClassifiedBody(mention)),
    raw: fromStoredRaw(mention.raw, mention),
    classifierVersion: toClassifierVersion(versions, classifierVersionRef),
    sourceName,
  }));
}

export interface SourceMentionCount {
  sourceName: string;
  mentions: number;
  complaints: number;
}

export function countMentionsBySource(db: Db): SourceMentionCount[] {
  return db
    .select({
      sourceName: sources.name,
      mentions: sql<number>`count(${mentions.id})`,
      complaints: sql<number>`coalesce(sum(${mentions.complaint}), 0)`,
    })
    .from(sources)
    .leftJoin(mentions, eq(mentions.sourceId, sources.id))
    .groupBy(sources.id)
    .orderBy(sources.name)
    .all();
}

export interface TopicCount {
  topic: string;
  stage: string;
  complaints: number;
}

/** Complaints per topic (a complaint with two topics counts once for each; cross-source repeats not at all). */
export function countComplaintsByTopic(db: Db): TopicCount[] {
  return db
    .select({ topic: mentionTopics.topic, stage: mentionTopics.stage, complaints: sql<number>`count(*)` })
    .from(mentionTopics)
    .innerJoin(mentions, eq(mentions.id, mentionTopics.mentionId))
    .where(and(eq(mentions.complaint, true), isNull(mentions.duplicateOf)))
    .groupBy(mentionTopics.topic, mentionTopics.stage)
    .orderBy(desc(sql`count(*)`), mentionTopics.topic)
    .all();
}
