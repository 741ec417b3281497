import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, ne, gt, notInArray, or, sql, type SQL } from "drizzle-orm";
import { toClassifiedBody, type Evidence } from "../../core/classification.js";
import { EarshotError } from "../../core/errors.js";
import { toEvidenceJson, type StoredEvidence } from "../evidence-codec.js";
import type {
  ErasureReport,
  ListedMention,
  MentionFilter,
  NewMention,
  NewResponse,
  SavePageInput,
  SourceDeclaration,
  SourceRow,
  Store,
  ThreadQueueOptions,
} from "../types.js";
import { openPgDb, type OpenPgOptions, type PgDb } from "./db.js";
import { countDigestBucketsPg, listEvidenceCandidatesPg, listThemeSamplePg } from "./digest.js";
import { alertsSent, corrections, mentions, mentionTopics, responses, scanErrors, scanRuns, sources } from "./schema.js";

/** The PostgreSQL store; `db` is for tests inside test/store only. */
export interface PostgresStore extends Store {
  readonly backend: "postgres";
  readonly db: PgDb;
}

type Tx = Parameters<Parameters<PgDb["transaction"]>[0]>[0];
type Queryable = PgDb | Tx;

const RAW_SNIPPET_CHARS = 2048;
// As store/sqlite/mentions.ts: short texts are written independently by many people.
const MIN_DUPLICATE_TEXT_CHARS = 40;

const occurredAt = sql<number>`coalesce(${mentions.publishedAt}, ${mentions.fetchedAt})`;

/**
 * A Store method this backend does not have yet. It fails loudly, naming the method, instead of
 * answering with nothing: a digest from PostgreSQL that silently counted zero would be wrong.
 */
export class UnsupportedOnPostgresError extends EarshotError {
  constructor(method: string) {
    super("ES_ERR_UNSUPPORTED", `postgres store: ${method} is not available on PostgreSQL yet (#15); use a SQLite database for it`);
  }
}

export async function openPostgresStore(url: string, options: OpenPgOptions = {}): Promise<PostgresStore> {
  return createPostgresStore(await openPgDb(url, options), url);
}

export function createPostgresStore(db: PgDb, url = "postgres"): PostgresStore {
  const unsupported = (method: string) => async (): Promise<never> => {
    throw new UnsupportedOnPostgresError(method);
  };

  const store: PostgresStore = {
    backend: "postgres",
    db,

    syncSources: (declared, now) => db.transaction((tx) => syncSources(tx, declared, now)),
    listSources: () => db.select().from(sources).orderBy(asc(sources.name)),
    loadSource: (id) => loadSource(db, id),
    async addSource(decl, now) {
      const [row] = await db.insert(sources).values(toSourceValues(decl, now)).returning();
      return row!;
    },
    async saveSourceFailure(sourceId, failure) {
      // One statement: the count goes up by one whichever host records the failure.
      const [row] = await db
        .update(sources)
        .set({ errorCount: sql`${sources.errorCount} + 1`, lastError: failure.error, lastRunAt: failure.now, nextCheckAt: failure.nextCheckAt })
        .where(eq(sources.id, sourceId))
        .returning();
      return row;
    },
    async saveSourceSuccess(sourceId, at) {
      await db.update(sources).set({ lastRunAt: at.now, lastSuccessAt: at.now, errorCount: 0, lastError: null, nextCheckAt: at.nextCheckAt }).where(eq(sources.id, sourceId));
    },
    async saveNextCheck(sourceId, nextCheckAt) {
      await db.update(sources).set({ nextCheckAt }).where(eq(sources.id, sourceId));
    },

    async startRun(sourceId, now) {
      const [row] = await db.insert(scanRuns).values({ sourceId, startedAt: now, status: "running" }).returning({ id: scanRuns.id });
      return row!.id;
    },
    async finishRun(runId, result) {
      const [row] = await db.update(scanRuns).set({ status: result.status, error: result.error ?? null, finishedAt: result.now }).where(eq(scanRuns.id, runId)).returning();
      return row!;
    },
    async markAbandonedRuns(now, startedBefore) {
      const rows = await db
        .update(scanRuns)
        .set({ status: "interrupted", finishedAt: now, error: "the process stopped before the scan finished" })
        .where(startedBefore ? and(eq(scanRuns.status, "running"), lt(scanRuns.startedAt, startedBefore)) : eq(scanRuns.status, "running"))
        .returning({ id: scanRuns.id });
      return rows.length;
    },
    listRuns: (sourceId, limit = 50) =>
      db
        .select()
        .from(scanRuns)
        .where(sourceId === undefined ? undefined : eq(scanRuns.sourceId, sourceId))
        .orderBy(desc(scanRuns.id))
        .limit(limit),
    listScanErrors(filter = {}) {
      const where: SQL[] = [];
      if (filter.runId !== undefined) where.push(eq(scanErrors.runId, filter.runId));
      if (filter.sourceId !== undefined) where.push(eq(scanErrors.sourceId, filter.sourceId));
      return db.select().from(scanErrors).where(where.length ? and(...where) : undefined).orderBy(scanErrors.id);
    },
    async saveRunError(runId, sourceId, error) {
      await db.transaction(async (tx) => {
        await tx.insert(scanErrors).values({ runId, sourceId, item: error.item ?? null, message: error.message, rawSnippet: error.raw?.slice(0, RAW_SNIPPET_CHARS) ?? null, createdAt: error.now });
        await tx.update(scanRuns).set({ errors: sql`${scanRuns.errors} + 1` }).where(eq(scanRuns.id, runId));
      });
    },

    async savePage(input) {
      return (await store.savePages([input]))[0]!;
    },
    savePages: (inputs) =>
      db.transaction(async (tx) => {
        const added: number[] = [];
        for (const input of inputs) added.push(await writePage(tx, input));
        return added;
      }),
    async listKnownExternalIds(sourceId, externalIds) {
      if (externalIds.length === 0) return new Set();
      // A page holds at most a few hundred ids, far below PostgreSQL's 65,535 bound parameters.
      const rows = await db
        .select({ externalId: mentions.externalId })
        .from(mentions)
        .where(and(eq(mentions.sourceId, sourceId), inArray(mentions.externalId, [...externalIds])));
      return new Set(rows.map((r) => r.externalId));
    },
    listMentions: (filter) => listMentions(db, filter),
    countMentionsBySource: () =>
      db
        .select({
          sourceName: sources.name,
          mentions: sql<number>`count(${mentions.id})::int`,
          complaints: sql<number>`coalesce(sum(case when ${mentions.complaint} then 1 else 0 end), 0)::int`,
        })
        .from(sources)
        .leftJoin(mentions, eq(mentions.sourceId, sources.id))
        .groupBy(sources.id)
        .orderBy(sources.name),
    countComplaintsByTopic: () =>
      db
        .select({ topic: mentionTopics.topic, stage: mentionTopics.stage, complaints: sql<number>`count(*)::int` })
        .from(mentionTopics)
        .innerJoin(mentions, eq(mentions.id, mentionTopics.mentionId))
        .where(and(eq(mentions.complaint, true), isNull(mentions.duplicateOf)))
        .groupBy(mentionTopics.topic, mentionTopics.stage)
        .orderBy(desc(sql`count(*)`), mentionTopics.topic),

    async listThreadsToCheck(sourceId, options) {
      const rows = await db
        .select({ mentionId: mentions.id, externalId: mentions.externalId, url: mentions.url, raw: mentions.raw, occurredAt })
        .from(mentions)
        .where(and(eq(mentions.sourceId, sourceId), dueWhere(options)))
        .orderBy(sql`${mentions.threadCheckedAt} is not null`, asc(mentions.threadCheckedAt), asc(mentions.id))
        .limit(options.limit);
      return rows.map((r) => ({ ...r, occurredAt: new Date(Number(r.occurredAt)) }));
    },
    saveThreadCheck: (mentionId, found, checkedAt) =>
      db.transaction(async (tx) => {
        const added = await insertResponses(tx, mentionId, found, checkedAt);
        await tx.update(mentions).set({ threadCheckedAt: checkedAt }).where(eq(mentions.id, mentionId));
        await refreshFirstResponse(tx, mentionId);
        return added;
      }),
    async saveEmbeddedResponses(sourceId, items, now) {
      if (items.length === 0) return 0;
      return db.transaction(async (tx) => {
        const found = await tx
          .select({ id: mentions.id, externalId: mentions.externalId })
          .from(mentions)
          .where(and(eq(mentions.sourceId, sourceId), inArray(mentions.externalId, items.map((i) => i.externalId))));
        const ids = new Map(found.map((r) => [r.externalId, r.id]));
        let added = 0;
        for (const item of items) {
          const mentionId = ids.get(item.externalId);
          if (mentionId === undefined) continue;
          added += await insertResponses(tx, mentionId, item.responses, now);
          await tx.update(mentions).set({ threadCheckedAt: now }).where(eq(mentions.id, mentionId));
          await refreshFirstResponse(tx, mentionId);
        }
        return added;
      });
    },
    async saveThreadsPostponed(sourceId, until, error) {
      await db.update(sources).set({ threadsNextCheckAt: until, threadsLastError: error }).where(eq(sources.id, sourceId));
    },
    async saveThreadsOk(sourceId) {
      await db.update(sources).set({ threadsNextCheckAt: null, threadsLastError: null }).where(eq(sources.id, sourceId));
    },
    listResponses: (mentionId) => db.select().from(responses).where(eq(responses.mentionId, mentionId)).orderBy(asc(responses.respondedAt), asc(responses.id)),
    async listThreadBacklog(kinds, options) {
      if (kinds.length === 0) return [];
      const inWindow = and(eq(mentions.complaint, true), gte(occurredAt, options.now.getTime() - options.windowMs));
      return db
        .select({
          source: sources.name,
          kind: sources.kind,
          due: sql<number>`coalesce(sum(case when ${dueWhere(options)} then 1 else 0 end), 0)::int`,
          unanswered: sql<number>`coalesce(sum(case when ${mentions.firstResponseAt} is null then 1 else 0 end), 0)::int`,
          answered: sql<number>`coalesce(sum(case when ${mentions.firstResponseAt} is not null then 1 else 0 end), 0)::int`,
          postponedUntil: sources.threadsNextCheckAt,
          lastError: sources.threadsLastError,
        })
        .from(sources)
        .leftJoin(mentions, and(eq(mentions.sourceId, sources.id), inWindow))
        .where(and(inArray(sources.kind, [...kinds]), eq(sources.enabled, true)))
        .groupBy(sources.id)
        .orderBy(asc(sources.name));
    },
    async listResponseFacts(kinds, startMs, endMs) {
      if (kinds.length === 0) return [];
      const rows = await db
        .select({ mentionId: mentions.id, kind: sources.kind, channel: mentions.channel, stages: mentions.stages, occurredAtMs: occurredAt, firstResponseAtMs: sql<string | null>`${mentions.firstResponseAt}` })
        .from(mentions)
        .innerJoin(sources, eq(sources.id, mentions.sourceId))
        .where(and(gte(occurredAt, startMs), lt(occurredAt, endMs), isNull(mentions.duplicateOf), eq(mentions.complaint, true), inArray(sources.kind, [...kinds])));
      return rows.map((r) => ({ ...r, occurredAtMs: Number(r.occurredAtMs), firstResponseAtMs: r.firstResponseAtMs === null ? null : Number(r.firstResponseAtMs) }));
    },
    async listOldestUnanswered(kinds, startMs, endMs, limit) {
      if (kinds.length === 0) return [];
      const rows = await db
        .select({ mentionId: mentions.id, source: sources.name, channel: mentions.channel, text: mentions.text, url: mentions.url, occurredAtMs: occurredAt })
        .from(mentions)
        .innerJoin(sources, eq(sources.id, mentions.sourceId))
        .where(and(gte(occurredAt, startMs), lt(occurredAt, endMs), isNull(mentions.duplicateOf), eq(mentions.complaint, true), isNull(mentions.firstResponseAt), inArray(sources.kind, [...kinds])))
        .orderBy(asc(occurredAt), asc(mentions.id))
        .limit(limit);
      return rows.map((r) => ({ ...r, occurredAtMs: Number(r.occurredAtMs) }));
    },
    async countResponses() {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(responses);
      return row?.n ?? 0;
    },

    async listSourceStatus() {
      const latestRun = db
        .select({ sourceId: scanRuns.sourceId, id: sql<number>`max(${scanRuns.id})`.as("latest_id") })
        .from(scanRuns)
        .groupBy(scanRuns.sourceId)
        .as("latest_run");
      return db
        .select({
          source: sources.name,
          kind: sources.kind,
          enabled: sources.enabled,
          lastRunAt: scanRuns.startedAt,
          lastStatus: scanRuns.status,
          added: scanRuns.added,
          nextCheckAt: sources.nextCheckAt,
          lastSuccessAt: sources.lastSuccessAt,
          consecutiveFailures: sources.errorCount,
          lastError: sources.lastError,
        })
        .from(sources)
        .leftJoin(latestRun, eq(latestRun.sourceId, sources.id))
        .leftJoin(scanRuns, eq(scanRuns.id, latestRun.id))
        .orderBy(asc(sources.name));
    },

    // The same counts as SQLite's row path; `options.timezone` only selects rollups there.
    countDigestBuckets: (buckets) => countDigestBucketsPg(db, buckets),
    listEvidenceCandidates: (query) => listEvidenceCandidatesPg(db, query),
    listThemeSample: (query) => listThemeSamplePg(db, query),
    async loadLatestMentionTime() {
      const [row] = await db.select({ at: sql<string | null>`max(${occurredAt})` }).from(mentions).where(isNull(mentions.duplicateOf));
      return row?.at == null ? undefined : new Date(Number(row.at));
    },
    async hasMentionsIn(bucket) {
      const rows = await db
        .select({ id: mentions.id })
        .from(mentions)
        .where(and(gte(occurredAt, bucket.start.getTime()), lt(occurredAt, bucket.end.getTime()), isNull(mentions.duplicateOf)))
        .limit(1);
      return rows.length > 0;
    },
    // No rollup tables on PostgreSQL: there is nothing to refresh, and saying so is the truth.
    refreshDigestRollups: async () => ({ rolledUpDays: 0, invalidatedDays: 0, pendingDays: 0, watermark: 0 }),
    readSnapshot: (read) =>
      // REPEATABLE READ: every query of `read` sees the snapshot its first query took.
      db.transaction((tx) => read(createPostgresStore(tx as unknown as PgDb, url)), { isolationLevel: "repeatable read", accessMode: "read only" }),

    async loadLastAlertSent(keyPrefix, channel, since) {
      const [row] = await db
        .select({ sentAt: alertsSent.sentAt })
        .from(alertsSent)
        .where(and(sql`left(${alertsSent.alertKey}, ${keyPrefix.length}) = ${keyPrefix}`, eq(alertsSent.channel, channel), gte(alertsSent.sentAt, since)))
        .orderBy(desc(alertsSent.sentAt))
        .limit(1);
      return row?.sentAt;
    },
    async saveAlertSent(alert) {
      await db.insert(alertsSent).values(alert);
    },

    saveCorrection: unsupported("saveCorrection (earshot label)"),
    loadCorrections: () => db.select().from(corrections).orderBy(asc(corrections.id)),
    loadOutdatedMentions: (currentVersion, afterId, limit) =>
      db
        .select({ id: mentions.id, text: mentions.text, title: mentions.title, lang: mentions.lang, rating: mentions.rating, ratingScale: mentions.ratingScale, channel: mentions.channel })
        .from(mentions)
        .where(and(ne(mentions.classifierVersion, currentVersion), gt(mentions.id, afterId)))
        .orderBy(asc(mentions.id))
        .limit(limit),
    saveClassifications: unsupported("saveClassifications (earshot reclassify)"),

    deleteMentionsBefore(cutoff, by = "published") {
      const time = by === "published" ? occurredAt : sql`${mentions.fetchedAt}`;
      return eraseWhere(db, lt(time, cutoff.getTime()), lt(scanErrors.createdAt, cutoff));
    },
    deleteAuthorMentions(selector) {
      const handles = selector.handles.map((h) => h.trim().replace(/^@/u, "")).filter((h) => h.length > 0);
      const conditions: SQL[] = [];
      if (selector.authorHashes.length > 0) conditions.push(inArray(mentions.authorHash, selector.authorHashes));
      const ofKinds = (column: typeof mentions.sourceId | typeof scanErrors.sourceId) =>
        selector.kinds ? inArray(column, db.select({ id: sources.id }).from(sources).where(inArray(sources.kind, selector.kinds))) : sql`true`;
      for (const handle of handles) conditions.push(and(sql`lower(${mentions.author}) = lower(${handle})`, ofKinds(mentions.sourceId))!);
      const snippet = or(...handles.map((h) => sql`strpos(lower(${scanErrors.rawSnippet}), lower(${h})) > 0`));
      return eraseWhere(db, conditions.length > 0 ? or(...conditions)! : sql`false`, snippet ? and(isNotNull(scanErrors.rawSnippet), snippet, ofKinds(scanErrors.sourceId))! : sql`false`, {
        corrections: selector.authorHashes.length > 0 ? inArray(corrections.authorHash, selector.authorHashes) : sql`false`,
      });
    },
    deleteUrlMentions(url) {
      const trimmed = url.trim();
      const variants = [...new Set([trimmed, trimmed.replace(/\/+$/u, ""), `${trimmed.replace(/\/+$/u, "")}/`])];
      return eraseWhere(db, inArray(mentions.url, variants), and(isNotNull(scanErrors.rawSnippet), sql`strpos(${scanErrors.rawSnippet}, ${trimmed}) > 0`)!, {
        corrections: inArray(corrections.url, variants),
      });
    },

    // The dashboard's queries (full-text search is SQLite FTS5) are not on PostgreSQL yet.
    browseMentions: unsupported("browseMentions (earshot serve)"),
    iterateMentions: () => {
      throw new UnsupportedOnPostgresError("iterateMentions (earshot serve downloads)");
    },
    loadMentionDetail: unsupported("loadMentionDetail (earshot serve)"),
    listMentionLanguages: unsupported("listMentionLanguages (earshot serve)"),
    countThreadsDue: unsupported("countThreadsDue (earshot serve)"),
    iterateMentionsForExport: () => {
      throw new UnsupportedOnPostgresError("iterateMentionsForExport (earshot export)");
    },
    rewriteRawPayloads: unsupported("rewriteRawPayloads (earshot db rewrite-raw: PostgreSQL compresses payloads itself)"),
    // Rows are written in their one PostgreSQL form from the start: there is nothing older to rewrite.
    async compactStoredRows() {
      const [row] = await db.select({ maxId: sql<number>`coalesce(max(${mentions.id}), 0)::int` }).from(mentions);
      return { doneThroughId: row?.maxId ?? 0, maxId: row?.maxId ?? 0, packed: 0, repackedPayloads: 0 };
    },
    async checkIntegrity() {
      // PostgreSQL checks pages itself (checksums when the cluster has them); what earshot can
      // check is that it reaches the server and its schema is migrated.
      await db.execute(sql`select 1 from ${mentions} limit 1`);
      return "ok";
    },
    async vacuum() {
      await db.execute(sql`vacuum`);
    },
    async close() {
      // Idempotent, as closeDb is for SQLite: a pool ends once.
      if (!db.$client.ended) await db.$client.end();
    },
  };
  return store;
}

async function loadSource(db: Queryable, id: number): Promise<SourceRow | undefined> {
  const [row] = await db.select().from(sources).where(eq(sources.id, id));
  return row;
}

function toSourceValues(decl: SourceDeclaration, now: Date) {
  return { name: decl.name, kind: decl.kind, config: decl.config, schedule: decl.schedule ?? null, enabled: decl.enabled ?? true, createdAt: now };
}

/** As store/sqlite/sources.ts syncSources; `on conflict` makes hosts syncing at once agree on one row per name. */
async function syncSources(tx: Tx, declared: SourceDeclaration[], now: Date): Promise<SourceRow[]> {
  for (const decl of declared) {
    const [existing] = await tx.select().from(sources).where(eq(sources.name, decl.name));
    if (!existing) {
      await tx.insert(sources).values(toSourceValues(decl, now)).onConflictDoNothing({ target: sources.name });
      continue;
    }
    const endpointChanged = existing.kind !== decl.kind || JSON.stringify(existing.config) !== JSON.stringify(decl.config);
    await tx
      .update(sources)
      .set({
        kind: decl.kind,
        config: decl.config,
        schedule: decl.schedule ?? null,
        enabled: decl.enabled ?? true,
        // A cursor belongs to one endpoint: reusing it for another would skip or repeat items.
        ...(endpointChanged ? { cursor: null, errorCount: 0, lastError: null, nextCheckAt: null } : {}),
      })
      .where(eq(sources.id, existing.id));
  }
  const names = declared.map((d) => d.name);
  await tx
    .update(sources)
    .set({ enabled: false })
    .where(names.length > 0 ? notInArray(sources.name, names) : undefined);
  return tx.select().from(sources).where(names.length > 0 ? inArray(sources.name, names) : eq(sources.id, -1)).orderBy(asc(sources.name));
}

/** One page, as store/sqlite/mentions.ts writePage: mentions, topics, duplicates, item errors, run counters, cursor. */
async function writePage(tx: Tx, input: SavePageInput): Promise<number> {
  const { sourceId, runId, rows, cursor, itemErrors = [], now } = input;
  let added = 0;
  if (rows.length > 0) {
    // One multi-row insert per page; `returning` lists only the rows that were new, in order.
    const inserted = await tx
      .insert(mentions)
      .values(rows.map(({ mention: m }) => toMentionValues(m, sourceId)))
      .onConflictDoNothing({ target: [mentions.sourceId, mentions.externalId] })
      .returning({ id: mentions.id, externalId: mentions.externalId });
    added = inserted.length;
    const byExternalId = new Map(rows.map((r) => [r.mention.externalId, r]));
    const topicRows = inserted.flatMap(({ id, externalId }) => byExternalId.get(externalId)!.topicStages.map((t) => ({ mentionId: id, topic: t.topic, stage: t.stage })));
    if (topicRows.length > 0) await tx.insert(mentionTopics).values(topicRows).onConflictDoNothing();
    const longIds = inserted.filter(({ externalId }) => byExternalId.get(externalId)!.mention.text.length >= MIN_DUPLICATE_TEXT_CHARS).map((r) => r.id);
    if (longIds.length > 0) {
      // Points each new mention at the earliest mention with the same content from another source.
      await tx.execute(sql`
        update mentions set duplicate_of = (
          select first.id from mentions as first
          where first.content_hash = mentions.content_hash
            and first.source_id <> mentions.source_id
            and first.duplicate_of is null
            and first.id < mentions.id
          order by first.id limit 1)
        where id in ${longIds}`);
    }
  }
  if (itemErrors.length > 0) {
    await tx.insert(scanErrors).values(itemErrors.map((e) => ({ runId, sourceId, item: e.item, message: e.message, rawSnippet: e.raw?.slice(0, RAW_SNIPPET_CHARS) ?? null, createdAt: now })));
  }
  await tx
    .update(scanRuns)
    .set({ fetched: sql`${scanRuns.fetched} + ${input.fetched ?? rows.length}`, added: sql`${scanRuns.added} + ${added}`, errors: sql`${scanRuns.errors} + ${itemErrors.length}` })
    .where(eq(scanRuns.id, runId));
  await tx.update(sources).set({ cursor, lastSuccessAt: now, errorCount: 0, lastError: null }).where(eq(sources.id, sourceId));
  return added;
}

/** The columns a new mention sets, as store/sqlite/mentions.ts inserts them (link and response columns start empty). */
function toMentionValues(m: NewMention, sourceId: number): typeof mentions.$inferInsert {
  return {
    sourceId, externalId: m.externalId, url: m.url ?? null, author: m.author ?? null, authorHash: m.authorHash ?? null, title: m.title ?? null, text: m.text,
    lang: m.lang ?? null, channel: m.channel, rating: m.rating ?? null, ratingScale: m.ratingScale ?? null, matchedTerm: m.matchedTerm ?? null,
    publishedAt: m.publishedAt ?? null, fetchedAt: m.fetchedAt, contentHash: m.contentHash, raw: m.raw ?? null, redactions: m.redactions ?? 0,
    sentiment: m.sentiment, sentimentScore: m.sentimentScore, complaint: m.complaint, topics: m.topics, stages: m.stages, evidence: toEvidenceText(m),
    classifierVersion: m.classifierVersion, appVersion: m.appVersion ?? null,
  };
}

/** Evidence as the JSON text SQLite stored before packing: the pipeline may hand it over packed. */
function toEvidenceText(m: NewMention): string {
  if (Array.isArray(m.evidence)) return JSON.stringify(m.evidence);
  return toEvidenceJson(m.evidence as StoredEvidence, toClassifiedBody({ title: m.title ?? null, text: m.text }));
}

async function listMentions(db: PgDb, filter: MentionFilter = {}): Promise<ListedMention[]> {
  const where: SQL[] = [];
  if (filter.since) where.push(gte(occurredAt, filter.since.getTime()));
  if (filter.until) where.push(lt(occurredAt, filter.until.getTime()));
  if (filter.lang) where.push(eq(mentions.lang, filter.lang));
  if (filter.complaintsOnly) where.push(eq(mentions.complaint, true));
  if (filter.distinctOnly) where.push(isNull(mentions.duplicateOf));
  if (filter.sourceNames?.length) where.push(inArray(sources.name, filter.sourceNames));
  if (filter.kinds) where.push(filter.kinds.length > 0 ? inArray(sources.kind, filter.kinds) : sql`false`);
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
    .orderBy(desc(occurredAt), desc(mentions.id));
  const rows = filter.limit !== undefined ? await query.limit(filter.limit) : await query;
  return rows.map((r) => ({ ...r.mention, raw: r.mention.raw ?? "", evidence: JSON.parse(r.mention.evidence) as Evidence[], sourceName: r.sourceName }));
}

function dueWhere(options: Omit<ThreadQueueOptions, "limit">): SQL {
  const recheckBefore = options.now.getTime() - options.recheckMs;
  return and(
    eq(mentions.complaint, true),
    isNull(mentions.firstResponseAt),
    gte(occurredAt, options.now.getTime() - options.windowMs),
    or(isNull(mentions.threadCheckedAt), lte(mentions.threadCheckedAt, new Date(recheckBefore))),
  )!;
}

async function insertResponses(tx: Tx, mentionId: number, found: readonly NewResponse[], fetchedAt: Date): Promise<number> {
  if (found.length === 0) return 0;
  const rows = await tx
    .insert(responses)
    .values(found.map((r) => ({ ...r, mentionId, fetchedAt })))
    .onConflictDoNothing()
    .returning({ id: responses.id });
  return rows.length;
}

async function refreshFirstResponse(tx: Tx, mentionId: number): Promise<void> {
  await tx
    .update(mentions)
    .set({ firstResponseAt: sql`(select min(${responses.respondedAt}) from ${responses} where ${responses.mentionId} = ${mentionId})` })
    .where(eq(mentions.id, mentionId));
}

/**
 * As store/sqlite/privacy.ts eraseWhere, in one transaction. PostgreSQL marks deleted rows dead
 * and frees their space at the next VACUUM (autovacuum runs it); until then the old row versions
 * are unreachable through SQL but still on disk, as its WAL segments are until recycled.
 */
async function eraseWhere(db: PgDb, mentionWhere: SQL, scanErrorWhere: SQL, erasure?: { corrections: SQL }): Promise<ErasureReport> {
  const counts = await db.transaction(async (tx) => {
    const doomed = tx.select({ id: mentions.id }).from(mentions).where(mentionWhere);
    const count = async (query: Promise<Array<{ n: number }>>) => (await query)[0]?.n ?? 0;
    const topicRows = await count(tx.select({ n: sql<number>`count(*)::int` }).from(mentionTopics).where(inArray(mentionTopics.mentionId, doomed)));
    const responseRows = await count(tx.select({ n: sql<number>`count(*)::int` }).from(responses).where(inArray(responses.mentionId, doomed)));
    const rawPayloads = await count(tx.select({ n: sql<number>`count(*)::int` }).from(mentions).where(and(mentionWhere, isNotNull(mentions.raw))));
    const erasedCorrections =
      erasure === undefined ? 0 : (await tx.delete(corrections).where(or(inArray(corrections.mentionId, doomed), erasure.corrections)).returning({ id: corrections.id })).length;
    const deleted = (await tx.delete(mentions).where(mentionWhere).returning({ id: mentions.id })).length;
    const errors = (await tx.delete(scanErrors).where(scanErrorWhere).returning({ id: scanErrors.id })).length;
    return { mentions: deleted, rawPayloads, topicRows, responses: responseRows, scanErrors: errors, corrections: erasedCorrections };
  });
  // An erasure request (forget) gives the space back at once rather than at the next autovacuum.
  if (erasure !== undefined && counts.mentions + counts.scanErrors + counts.corrections > 0) await db.execute(sql`vacuum mentions, scan_errors, corrections, mention_topics, responses`);
  return { ...counts, walCheckpointed: true };
}
