/**
 * Brand responses (issue 13): the replies by the brand's own accounts to stored mentions, and the
 * per-mention bookkeeping that makes thread checks incremental and resumable. A thread is
 * checked while its complaint is younger than the window and unanswered; the first stored
 * response answers it for good (a reply found after the window still counts: it is recorded
 * whenever it is seen).
 */
import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "./db.js";
import { mentions, responses, sources } from "./schema.js";
import { fromStoredRaw } from "./raw-payload.js";

export type ResponseRow = typeof responses.$inferSelect;

/** A brand reply ready to store: already matched to a brand account and redacted. */
export interface NewResponse {
  externalId: string;
  responder: string;
  respondedAt: Date;
  url: string | null;
  text: string;
  redactions: number;
  deleted: boolean;
}

/** A stored mention whose thread is due for a check. */
export interface ThreadToCheck {
  mentionId: number;
  externalId: string;
  url: string | null;
  /** The stored (scrubbed) payload: platform ids the source may need. */
  raw: string | null;
  /** When the mention was written (fetched time when the platform gave none). */
  occurredAt: Date;
}

export interface ThreadQueueOptions {
  now: Date;
  /** Only mentions younger than this are checked, ms. */
  windowMs: number;
  /** An unanswered thread is fetched again only after this long, ms. */
  recheckMs: number;
  limit: number;
}

const occurredAt = sql<number>`coalesce(${mentions.publishedAt}, ${mentions.fetchedAt})`;

/** The conditions of the thread-check queue (complaints, unanswered, in the window, due). */
function dueWhere(options: Omit<ThreadQueueOptions, "limit">): SQL {
  const recheckBefore = options.now.getTime() - options.recheckMs;
  return and(
    eq(mentions.complaint, true),
    isNull(mentions.firstResponseAt),
    gte(occurredAt, options.now.getTime() - options.windowMs),
    or(isNull(mentions.threadCheckedAt), lte(mentions.threadCheckedAt, new Date(recheckBefore))),
  )!;
}

/** Complaints of this source whose thread is due, never-checked first, then least recently checked. */
export function listThreadsToCheck(db: Db, sourceId: number, options: ThreadQueueOptions): ThreadToCheck[] {
  return db
    .select({ mentionId: mentions.id, externalId: mentions.externalId, url: mentions.url, raw: mentions.raw, text: mentions.text, title: mentions.title, occurredAt })
    .from(mentions)
    .where(and(eq(mentions.sourceId, sourceId), dueWhere(options)))
    .orderBy(sql`${mentions.threadCheckedAt} is not null`, asc(mentions.threadCheckedAt), asc(mentions.id))
    .limit(options.limit)
    .all()
    .map(({ text, title, raw, ...r }) => ({ ...r, raw: fromStoredRaw(raw, { text, title, url: r.url, externalId: r.externalId }), occurredAt: new Date(r.occurredAt) }));
}

/**
 * Stores one thread check: the brand replies found (a reply already stored is ignored, by its
 * platform id), the mention's first-response time (the earliest reply, never later than one
 * stored before) and when it was checked, in one transaction.
 * @returns how many responses were new.
 */
export function saveThreadCheck(db: Db, mentionId: number, found: readonly NewResponse[], checkedAt: Date): number {
  // better-sqlite3 transactions are synchronous: no await in here.
  return db.transaction((tx) => {
    const added = insertResponses(tx as unknown as Db, mentionId, found, checkedAt);
    tx.update(mentions).set({ threadCheckedAt: checkedAt }).where(eq(mentions.id, mentionId)).run();
    refreshFirstResponse(tx as unknown as Db, mentionId);
    return added;
  });
}

/**
 * Brand responses a scan sees: developer responses inside the review payload (Google Play, review
 * pages), and brand posts that reply to an item. Matched to their stored mention by (source,
 * external id), so a reply added days after the review is recorded on a rescan. Replies of items
 * not stored (skipped items, or a parent the source never returned) are ignored.
 * @returns how many responses were new.
 */
export function saveEmbeddedResponses(db: Db, sourceId: number, items: ReadonlyArray<{ externalId: string; responses: readonly NewResponse[] }>, now: Date): number {
  if (items.length === 0) return 0;
  return db.transaction((tx) => {
    const ids = new Map(
      tx
        .select({ id: mentions.id, externalId: mentions.externalId })
        .from(mentions)
        .where(and(eq(mentions.sourceId, sourceId), inArray(mentions.externalId, items.map((i) => i.externalId))))
        .all()
        .map((r) => [r.externalId, r.id]),
    );
    let added = 0;
    for (const item of items) {
      const mentionId = ids.get(item.externalId);
      if (mentionId === undefined) continue;
      added += insertResponses(tx as unknown as Db, mentionId, item.responses, now);
      tx.update(mentions).set({ threadCheckedAt: now }).where(eq(mentions.id, mentionId)).run();
      refreshFirstResponse(tx as unknown as Db, mentionId);
    }
    return added;
  });
}

function insertResponses(db: Db, mentionId: number, found: readonly NewResponse[], fetchedAt: Date): number {
  if (found.length === 0) return 0;
  return db
    .insert(responses)
    .values(found.map((r) => ({ ...r, mentionId, fetchedAt })))
    .onConflictDoNothing()
    .run().changes;
}

function refreshFirstResponse(db: Db, mentionId: number): void {
  db.update(mentions)
    .set({ firstResponseAt: sql`(select min(${responses.respondedAt}) from ${responses} where ${responses.mentionId} = ${mentionId})` })
    .where(eq(mentions.id, mentionId))
    .run();
}

/** A 429 or failure on a thread endpoint: only this source's thread checks wait until `until`. */
export function saveThreadsPostponed(db: Db, sourceId: number, until: Date, error: string): void {
  db.update(sources).set({ threadsNextCheckAt: until, threadsLastError: error }).where(eq(sources.id, sourceId)).run();
}

/** A thread-check run that got through: clears the postponement and the error. */
export function saveThreadsOk(db: Db, sourceId: number): void {
  db.update(sources).set({ threadsNextCheckAt: null, threadsLastError: null }).where(eq(sources.id, sourceId)).run();
}

export function listResponses(db: Db, mentionId: number): ResponseRow[] {
  return db.select().from(responses).where(eq(responses.mentionId, mentionId)).orderBy(asc(responses.respondedAt), asc(responses.id)).all();
}

/** One line of `status`'s thread-check backlog. */
export interface ThreadBacklog {
  source: string;
  kind: string;
  /** Complaints in the window whose thread is due now. */
  due: number;
  /** Complaints in the window that are unanswered (due or waiting for their recheck). */
  unanswered: number;
  /** Complaints in the window answered by the brand. */
  answered: number;
  postponedUntil: Date | null;
  lastError: string | null;
}

/** Per source of the given kinds (those that can show replies): the thread-check backlog. */
export function listThreadBacklog(db: Db, kinds: readonly string[], options: Omit<ThreadQueueOptions, "limit">): ThreadBacklog[] {
  if (kinds.length === 0) return [];
  const inWindow = and(eq(mentions.complaint, true), gte(occurredAt, options.now.getTime() - options.windowMs));
  return db
    .select({
      source: sources.name,
      kind: sources.kind,
      due: sql<number>`coalesce(sum(case when ${dueWhere(options)} then 1 else 0 end), 0)`,
      unanswered: sql<number>`coalesce(sum(case when ${mentions.firstResponseAt} is null then 1 else 0 end), 0)`,
      answered: sql<number>`coalesce(sum(case when ${mentions.firstResponseAt} is not null then 1 else 0 end), 0)`,
      postponedUntil: sources.threadsNextCheckAt,
      lastError: sources.threadsLastError,
    })
    .from(sources)
    .leftJoin(mentions, and(eq(mentions.sourceId, sources.id), inWindow))
    .where(and(inArray(sources.kind, [...kinds]), eq(sources.enabled, true)))
    .groupBy(sources.id)
    .orderBy(asc(sources.name))
    .all();
}

/** One complaint as the Responses digest section needs it. */
export interface ResponseFact {
  mentionId: number;
  kind: string;
  channel: string;
  stages: string[];
  occurredAtMs: number;
  /** null: not answered (yet). */
  firstResponseAtMs: number | null;
}

/**
 * The distinct complaints (cross-source repeats left out) of sources of `kinds` written in
 * [startMs, endMs), with their first-response time. Only the columns the maths needs: a
 * 10,000-mention store answers this in a few ms (test/bench/responses.ts).
 */
export function listResponseFacts(db: Db, kinds: readonly string[], startMs: number, endMs: number): ResponseFact[] {
  if (kinds.length === 0) return [];
  const rows = db
    .select({ mentionId: mentions.id, kind: sources.kind, channel: mentions.channel, stages: sql<string>`${mentions.stages}`, occurredAtMs: occurredAt, firstResponseAtMs: sql<number | null>`${mentions.firstResponseAt}` })
    .from(mentions)
    .innerJoin(sources, eq(sources.id, mentions.sourceId))
    .where(and(gte(occurredAt, startMs), lt(occurredAt, endMs), isNull(mentions.duplicateOf), eq(mentions.complaint, true), inArray(sources.kind, [...kinds])))
    .all();
  return rows.map((r) => ({ ...r, stages: JSON.parse(r.stages) as string[] }));
}

/** An unanswered complaint for the digest's "oldest unanswered" list (text as stored: redacted). */
export interface UnansweredComplaint {
  mentionId: number;
  source: string;
  channel: string;
  text: string;
  url: string | null;
  occurredAtMs: number;
}

/** The oldest unanswered complaints of sources of `kinds` written in [startMs, endMs). */
export function listOldestUnanswered(db: Db, kinds: readonly string[], startMs: number, endMs: number, limit: number): UnansweredComplaint[] {
  if (kinds.length === 0) return [];
  return db
    .select({ mentionId: mentions.id, source: sources.name, channel: mentions.channel, text: mentions.text, url: mentions.url, occurredAtMs: occurredAt })
    .from(mentions)
    .innerJoin(sources, eq(sources.id, mentions.sourceId))
    .where(and(gte(occurredAt, startMs), lt(occurredAt, endMs), isNull(mentions.duplicateOf), eq(mentions.complaint, true), isNull(mentions.firstResponseAt), inArray(sources.kind, [...kinds])))
    .orderBy(asc(occurredAt), asc(mentions.id))
    .limit(limit)
    .all();
}

/** Mentions with at least one stored brand response (for exports and the CLI's `--answered`). */
export function countResponses(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(responses).where(isNotNull(responses.id)).get()?.n ?? 0;
}
