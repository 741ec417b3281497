import { loadLastAlertSent, saveAlertSent } from "./alerts.js";
import { loadCorrections, saveCorrection } from "./corrections.js";
import { checkIntegrity, closeDb, openDb, type Db, type OpenDbOptions } from "./db.js";
import { refreshDigestRollups } from "./digest-rollups.js";
import { countDigestBuckets, hasMentionsIn, listEvidenceCandidates, loadLatestMentionTime } from "./digest.js";
import { iterateMentionsForExport } from "./export.js";
import { countComplaintsByTopic, countMentionsBySource, listKnownExternalIds, listMentions, savePage, savePages } from "./mentions.js";
import { deleteAuthorMentions, deleteMentionsBefore, deleteUrlMentions } from "./privacy.js";
import { rewriteRawPayloads } from "./raw-payload.js";
import { compactStoredRows } from "./compact.js";
import { loadOutdatedMentions, saveClassifications } from "./reclassify.js";
import {
  countResponses,
  listOldestUnanswered,
  listResponseFacts,
  listResponses,
  listThreadBacklog,
  listThreadsToCheck,
  saveEmbeddedResponses,
  saveThreadCheck,
  saveThreadsOk,
  saveThreadsPostponed,
} from "./responses.js";
import { finishRun, listRuns, listScanErrors, markAbandonedRuns, saveRunError, startRun } from "./runs.js";
import { addSource, listSources, loadSource, saveNextCheck, saveSourceFailure, saveSourceSuccess, syncSources } from "./sources.js";
import { listSourceStatus } from "./status.js";
import { browseMentions, countThreadsDue, iterateMentions, listMentionLanguages, loadMentionDetail } from "./browse.js";
import { listThemeSample } from "./themes.js";
import type { Store } from "../types.js";

/** The SQLite store; `db` is for SQLite-only tools and tests inside store/ and test/store. */
export interface SqliteStore extends Store {
  readonly backend: "sqlite";
  readonly db: Db;
}

/** Opens (creating and migrating) a SQLite database file, or ":memory:". */
export function openSqliteStore(path: string, options: OpenDbOptions = {}): SqliteStore {
  return createSqliteStore(openDb(path, options));
}

/**
 * Wraps an open database. Each method runs its queries synchronously (better-sqlite3) and returns
 * a settled promise, so a write's transaction never spans an await.
 */
export function createSqliteStore(db: Db): SqliteStore {
  const store: SqliteStore = {
    backend: "sqlite",
    db,
    syncSources: async (declared, now) => syncSources(db, declared, now),
    listSources: async () => listSources(db),
    loadSource: async (id) => loadSource(db, id),
    addSource: async (decl, now) => addSource(db, decl, now),
    saveSourceFailure: async (sourceId, failure) => saveSourceFailure(db, sourceId, failure),
    saveSourceSuccess: async (sourceId, at) => saveSourceSuccess(db, sourceId, at),
    saveNextCheck: async (sourceId, nextCheckAt) => saveNextCheck(db, sourceId, nextCheckAt),

    startRun: async (sourceId, now) => startRun(db, sourceId, now),
    finishRun: async (runId, result) => finishRun(db, runId, result),
    markAbandonedRuns: async (now, startedBefore) => markAbandonedRuns(db, now, startedBefore),
    listRuns: async (sourceId, limit) => listRuns(db, sourceId, limit),
    listScanErrors: async (filter) => listScanErrors(db, filter),
    saveRunError: async (runId, sourceId, error) => saveRunError(db, runId, sourceId, error),

    savePage: async (input) => savePage(db, input),
    savePages: async (inputs) => savePages(db, inputs),
    listKnownExternalIds: async (sourceId, externalIds) => listKnownExternalIds(db, sourceId, externalIds),
    listMentions: async (filter) => listMentions(db, filter),
    countMentionsBySource: async () => countMentionsBySource(db),
    countComplaintsByTopic: async () => countComplaintsByTopic(db),

    listThreadsToCheck: async (sourceId, options) => listThreadsToCheck(db, sourceId, options),
    saveThreadCheck: async (mentionId, found, checkedAt) => saveThreadCheck(db, mentionId, found, checkedAt),
    saveEmbeddedResponses: async (sourceId, items, now) => saveEmbeddedResponses(db, sourceId, items, now),
    saveThreadsPostponed: async (sourceId, until, error) => saveThreadsPostponed(db, sourceId, until, error),
    saveThreadsOk: async (sourceId) => saveThreadsOk(db, sourceId),
    listResponses: async (mentionId) => listResponses(db, mentionId),
    listThreadBacklog: async (kinds, options) => listThreadBacklog(db, kinds, options),
    listResponseFacts: async (kinds, startMs, endMs) => listResponseFacts(db, kinds, startMs, endMs),
    listOldestUnanswered: async (kinds, startMs, endMs, limit) => listOldestUnanswered(db, kinds, startMs, endMs, limit),
    countResponses: async () => countResponses(db),

    listSourceStatus: async () => listSourceStatus(db),

    browseMentions: async (filter, page) => browseMentions(db, filter, page),
    async *iterateMentions(filter) {
      yield* iterateMentions(db, filter);
    },
    loadMentionDetail: async (id) => loadMentionDetail(db, id),
    listMentionLanguages: async (timezone) => listMentionLanguages(db, timezone),
    countThreadsDue: async (sourceIds, options) => countThreadsDue(db, sourceIds, options),

    countDigestBuckets: async (buckets, options) => countDigestBuckets(db, buckets, options),
    listEvidenceCandidates: async (query) => listEvidenceCandidates(db, query),
    listThemeSample: async (query) => listThemeSample(db, query),
    loadLatestMentionTime: async () => loadLatestMentionTime(db),
    hasMentionsIn: async (bucket) => hasMentionsIn(db, bucket),
    refreshDigestRollups: async (options) => refreshDigestRollups(db, options),
    async readSnapshot(read) {
      const client = db.$client;
      if (client.inTransaction) return read(store);
      // A deferred read transaction held across the awaits of `read`: each query of this store
      // settles synchronously, so only work already queued as microtasks can run inside it. It
      // always commits, never rolls back: a write that slipped in (a savePage of a concurrent
      // scan, nested as a savepoint) must not be undone by a failed read.
      client.exec("begin deferred");
      try {
        return await read(store);
      } finally {
        if (client.inTransaction) client.exec("commit");
      }
    },

    loadLastAlertSent: async (keyPrefix, channel, since) => loadLastAlertSent(db, keyPrefix, channel, since),
    saveAlertSent: async (alert) => saveAlertSent(db, alert),

    saveCorrection: async (input) => saveCorrection(db, input),
    loadCorrections: async () => loadCorrections(db),
    loadOutdatedMentions: async (currentVersion, afterId, limit) => loadOutdatedMentions(db, currentVersion, afterId, limit),
    saveClassifications: async (rows) => saveClassifications(db, rows),

    deleteMentionsBefore: async (cutoff, by) => deleteMentionsBefore(db, cutoff, by),
    deleteAuthorMentions: async (selector) => deleteAuthorMentions(db, selector),
    deleteUrlMentions: async (url) => deleteUrlMentions(db, url),

    async *iterateMentionsForExport(filter) {
      yield* iterateMentionsForExport(db, filter);
    },
    rewriteRawPayloads: async (options) => rewriteRawPayloads(db, options),
    compactStoredRows: async (options) => compactStoredRows(db, options),
    checkIntegrity: async () => checkIntegrity(db),
    vacuum: async () => {
      if (!db.$client.memory) db.$client.exec("VACUUM");
    },
    close: async () => closeDb(db),
  };
  return store;
}
