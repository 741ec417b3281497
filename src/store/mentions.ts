import { and, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Cursor } from "../core/mention.js";
import type { Db } from "./db.js";
import { mentions, mentionTopics, scanErrors, scanRuns, sources } from "./schema.js";

export type MentionRow = typeof mentions.$inferSelect;
export type NewMention = Omit<typeof mentions.$inferInsert, "id" | "sourceId">;

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
// 23 columns a row keeps a multi-row INSERT far below SQLite's 32,766 bound variables.
const INSERT_CHUNK_ROWS = 500;

/**
 * Stores one page: new mentions (duplicates by (source, external id) are ignored), their topic
 * rows, item errors, the run's counters and the source's cursor, in one transaction. A crash
 * before the commit refetches this page; a crash after resumes from `cursor`.
 * @returns how many mentions were new.
 */
export function savePage(db: Db, input: SavePageInput): number {
  const { sourceId, runId, rows, cursor, itemErrors = [], now } = input;
  // better-sqlite3 transactions are synchronous: an async callback throws
  // "Transaction function cannot return a promise", so no await in here.
  return db.transaction((tx) => {
    let added = 0;
    for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
      const chunk = rows.slice(start, start + INSERT_CHUNK_ROWS);
      const inserted = tx
        .insert(mentions)
        .values(chunk.map((row) => ({ ...row.mention, sourceId })))
        .onConflictDoNothing()
        .returning({ id: mentions.id, externalId: mentions.externalId })
        .all();
      added += inserted.length;
      const byExternalId = new Map(chunk.map((row) => [row.mention.externalId, row]));
      const topicRows = inserted.flatMap(({ id, externalId }) =>
        (byExternalId.get(externalId)?.topicStages ?? []).map(({ topic, stage }) => ({ mentionId: id, topic, stage })),
      );
      if (topicRows.length > 0) tx.insert(mentionTopics).values(topicRows).onConflictDoNothing().run();
      if (inserted.length > 0) linkCrossSourceDuplicates(tx, inserted.map((m) => m.id));
    }
    if (itemErrors.length > 0) {
      tx.insert(scanErrors)
        .values(
          itemErrors.map((e) => ({
            runId,
            sourceId,
            item: e.item,
            message: e.message,
            rawSnippet: e.raw?.slice(0, RAW_SNIPPET_CHARS) ?? null,
            createdAt: now,
          })),
        )
        .run();
    }
    tx.update(scanRuns)
      .set({
        fetched: sql`${scanRuns.fetched} + ${input.fetched ?? rows.length}`,
        added: sql`${scanRuns.added} + ${added}`,
        errors: sql`${scanRuns.errors} + ${itemErrors.length}`,
      })
      .where(eq(scanRuns.id, runId))
      .run();
    tx.update(sources).set({ cursor, lastSuccessAt: now, errorCount: 0, lastError: null }).where(eq(sources.id, sourceId)).run();
    return added;
  });
}

// Well below SQLite's 32,766 bound variables, whatever the page size.
const LOOKUP_CHUNK_IDS = 500;

/**
 * Which of `externalIds` this source has already stored. The pipeline drops those before
 * redaction and classification: a rescan of a feed that did not change then costs a fetch, a
 * parse and this indexed lookup (the unique source + external id index), not a second ingest.
 */
export function listKnownExternalIds(db: Db, sourceId: number, externalIds: readonly string[]): Set<string> {
  const known = new Set<string>();
  for (let start = 0; start < externalIds.length; start += LOOKUP_CHUNK_IDS) {
    const chunk = externalIds.slice(start, start + LOOKUP_CHUNK_IDS);
    const rows = db.select({ externalId: mentions.externalId }).from(mentions).where(and(eq(mentions.sourceId, sourceId), inArray(mentions.externalId, chunk))).all();
    for (const row of rows) known.add(row.externalId);
  }
  return known;
}

// Short texts ("Great app!", "5 stars") are written independently by many people: only
// longer texts with identical words are the same review seen twice.
const MIN_DUPLICATE_TEXT_CHARS = 40;

/** Points each new mention at the earliest mention with the same content from another source. */
function linkCrossSourceDuplicates(tx: Pick<Db, "run">, ids: number[]): void {
  tx.run(sql`
    update ${mentions} set duplicate_of = (
      select first.id from ${mentions} as first
      where first.content_hash = ${mentions.contentHash}
        and first.source_id <> ${mentions.sourceId}
        and first.duplicate_of is null
        and first.id < ${mentions.id}
      order by first.id limit 1)
    where ${inArray(mentions.id, ids)} and length(${mentions.text}) >= ${MIN_DUPLICATE_TEXT_CHARS}`);
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
  limit?: number;
}

export type ListedMention = MentionRow & { sourceName: string };

/** Mentions newest first, filtered as `earshot mentions` and the export ask. */
export function listMentions(db: Db, filter: MentionFilter = {}): ListedMention[] {
  const where: SQL[] = [];
  if (filter.since) where.push(gte(sql`coalesce(${mentions.publishedAt}, ${mentions.fetchedAt})`, filter.since.getTime()));
  if (filter.until) where.push(lt(sql`coalesce(${mentions.publishedAt}, ${mentions.fetchedAt})`, filter.until.getTime()));
  if (filter.lang) where.push(eq(mentions.lang, filter.lang));
  if (filter.complaintsOnly) where.push(eq(mentions.complaint, true));
  if (filter.distinctOnly) where.push(isNull(mentions.duplicateOf));
  if (filter.sourceNames?.length) where.push(inArray(sources.name, filter.sourceNames));
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
  return rows.map((r) => ({ ...r.mention, sourceName: r.sourceName }));
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
