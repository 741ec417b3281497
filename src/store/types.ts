/**
 * The store every other folder calls (STYLE.md §2): one interface, one implementation per
 * backend (store/sqlite, store/postgres). Nothing outside store/ sees a drizzle `db`.
 *
 * Every method returns a promise: better-sqlite3 answers synchronously, PostgreSQL over a socket.
 * The SQLite implementation still runs each write in one synchronous transaction (a page and its
 * cursor commit together); awaiting it only defers the result to a microtask.
 *
 * The row and input shapes are declared once, beside the SQLite queries that first needed them,
 * and re-exported here; the PostgreSQL implementation maps its rows to the same shapes, which the
 * compiler checks.
 */
import type { SentAlert } from "./sqlite/alerts.js";
import type { BrowseCursor, BrowsedMention, BrowseFilter, BrowsePage, MentionDetail } from "./sqlite/browse.js";
import type { CorrectedLabels, Correction, CorrectionInput } from "./sqlite/corrections.js";
import type { RollupRefreshOptions, RollupRefreshReport } from "./sqlite/digest-rollups.js";
import type { DigestCountOptions, DigestCounts, EvidenceCandidate, EvidenceQuery, TimeBucket } from "./sqlite/digest.js";
import type { ExportFilter, ExportRow } from "./sqlite/export.js";
import type { ListedMention, MentionFilter, SavePageInput, SourceMentionCount, TopicCount } from "./sqlite/mentions.js";
import type { AuthorSelector, ErasureReport, RetentionClock } from "./sqlite/privacy.js";
import type { RawRewriteOptions, RawRewriteProgress } from "./sqlite/raw-payload.js";
import type { CompactOptions, CompactProgress } from "./sqlite/compact.js";
import type { NewClassification, StoredText } from "./sqlite/reclassify.js";
import type { NewResponse, ResponseFact, ResponseRow, ThreadBacklog, ThreadQueueOptions, ThreadToCheck, UnansweredComplaint } from "./sqlite/responses.js";
import type { ScanErrorRow, ScanRunRow, ScanStatus } from "./sqlite/runs.js";
import type { SourceDeclaration, SourceFailure, SourceRow } from "./sqlite/sources.js";
import type { SourceStatus } from "./sqlite/status.js";
import type { ThemeDoc, ThemeSampleQuery } from "./sqlite/themes.js";

export type { SentAlert } from "./sqlite/alerts.js";
export type { BrowseCursor, BrowsedMention, BrowseFilter, BrowsePage, MentionDetail } from "./sqlite/browse.js";
export type { CompactOptions, CompactProgress } from "./sqlite/compact.js";
// The pipeline stores evidence packed; both backends keep the packed value (evidence-codec.ts).
export { toStoredEvidence, type StoredEvidence } from "./evidence-codec.js";
export type { CorrectedLabels, Correction, CorrectionInput } from "./sqlite/corrections.js";
export type { RollupRefreshOptions, RollupRefreshReport } from "./sqlite/digest-rollups.js";
export type { DigestCountOptions, DigestCounts, EvidenceCandidate, EvidenceQuery, MentionCountRow, StageCountRow, TimeBucket, TopicCountRow } from "./sqlite/digest.js";
export type { ExportFilter, ExportRow } from "./sqlite/export.js";
export type { ListedMention, MentionFilter, MentionRow, NewMention, PageItemError, PageRow, SavePageInput, SourceMentionCount, TopicCount } from "./sqlite/mentions.js";
export type { AuthorSelector, ErasureReport, RetentionClock } from "./sqlite/privacy.js";
export { RAW_STORAGE_MODES, DEFAULT_RAW_STORAGE, type RawRewriteOptions, type RawRewriteProgress, type RawStorage } from "./sqlite/raw-payload.js";
export type { NewClassification, StoredText } from "./sqlite/reclassify.js";
export type { NewResponse, ResponseFact, ResponseRow, ThreadBacklog, ThreadQueueOptions, ThreadToCheck, UnansweredComplaint } from "./sqlite/responses.js";
export type { ScanErrorRow, ScanRunRow, ScanStatus } from "./sqlite/runs.js";
export type { SourceDeclaration, SourceFailure, SourceRow } from "./sqlite/sources.js";
export type { SourceStatus } from "./sqlite/status.js";
export type { ThemeDoc, ThemeSampleQuery } from "./sqlite/themes.js";

export type StoreBackend = "sqlite" | "postgres";

export interface Store {
  readonly backend: StoreBackend;

  // sources
  /** Upserts the declared sources by name (keeping cursors of unchanged ones) and disables the rest. */
  syncSources(declared: SourceDeclaration[], now: Date): Promise<SourceRow[]>;
  listSources(): Promise<SourceRow[]>;
  loadSource(id: number): Promise<SourceRow | undefined>;
  addSource(decl: SourceDeclaration, now: Date): Promise<SourceRow>;
  saveSourceFailure(sourceId: number, failure: SourceFailure): Promise<SourceRow | undefined>;
  saveSourceSuccess(sourceId: number, at: { now: Date; nextCheckAt: Date | null }): Promise<void>;
  saveNextCheck(sourceId: number, nextCheckAt: Date): Promise<void>;

  // scan runs
  startRun(sourceId: number, now: Date): Promise<number>;
  finishRun(runId: number, result: { status: ScanStatus; error?: string; now: Date }): Promise<ScanRunRow>;
  /**
   * Runs left "running" by a process that died are marked "interrupted"; returns how many. With
   * `startedBefore`, only runs started before it (a cluster: other hosts' scans are running now).
   */
  markAbandonedRuns(now: Date, startedBefore?: Date): Promise<number>;
  listRuns(sourceId?: number, limit?: number): Promise<ScanRunRow[]>;
  listScanErrors(filter?: { runId?: number; sourceId?: number }): Promise<ScanErrorRow[]>;
  saveRunError(runId: number, sourceId: number, error: { item?: string; message: string; raw?: string; now: Date }): Promise<void>;

  // mentions
  /** Commits a page's mentions, item errors and the source's cursor in one transaction; returns mentions added. */
  savePage(input: SavePageInput): Promise<number>;
  /** Several pages (of different sources) in one transaction; returns mentions added per page. */
  savePages(inputs: readonly SavePageInput[]): Promise<number[]>;
  listKnownExternalIds(sourceId: number, externalIds: readonly string[]): Promise<Set<string>>;
  listMentions(filter?: MentionFilter): Promise<ListedMention[]>;
  countMentionsBySource(): Promise<SourceMentionCount[]>;
  countComplaintsByTopic(): Promise<TopicCount[]>;

  // brand responses
  listThreadsToCheck(sourceId: number, options: ThreadQueueOptions): Promise<ThreadToCheck[]>;
  saveThreadCheck(mentionId: number, found: readonly NewResponse[], checkedAt: Date): Promise<number>;
  saveEmbeddedResponses(sourceId: number, items: ReadonlyArray<{ externalId: string; responses: readonly NewResponse[] }>, now: Date): Promise<number>;
  saveThreadsPostponed(sourceId: number, until: Date, error: string): Promise<void>;
  saveThreadsOk(sourceId: number): Promise<void>;
  listResponses(mentionId: number): Promise<ResponseRow[]>;
  listThreadBacklog(kinds: readonly string[], options: Omit<ThreadQueueOptions, "limit">): Promise<ThreadBacklog[]>;
  listResponseFacts(kinds: readonly string[], startMs: number, endMs: number): Promise<ResponseFact[]>;
  listOldestUnanswered(kinds: readonly string[], startMs: number, endMs: number, limit: number): Promise<UnansweredComplaint[]>;
  countResponses(): Promise<number>;

  listSourceStatus(): Promise<SourceStatus[]>;

  // the dashboard (web/): filtered and searched lists, one mention with its context
  /** A page of mentions matching `filter` (search included), newest first, after a keyset cursor. */
  browseMentions(filter: BrowseFilter, page: { after?: BrowseCursor; limit: number }): Promise<BrowsePage>;
  /** Every mention matching `filter`, streamed: the dashboard's CSV/JSONL download. */
  iterateMentions(filter: BrowseFilter): AsyncIterable<BrowsedMention>;
  loadMentionDetail(id: number): Promise<MentionDetail | undefined>;
  /** Languages of stored mentions, for the language filter. */
  listMentionLanguages(timezone: string): Promise<string[]>;
  /** Per source, the complaints whose thread check is due. */
  countThreadsDue(sourceIds: readonly number[], options: { now: Date; windowMs: number; recheckMs: number }): Promise<Map<number, number>>;

  // digest (read-only) and its rollups
  countDigestBuckets(buckets: readonly TimeBucket[], options?: DigestCountOptions): Promise<DigestCounts>;
  listEvidenceCandidates(query: EvidenceQuery): Promise<EvidenceCandidate[]>;
  listThemeSample(query: ThemeSampleQuery): Promise<ThemeDoc[]>;
  loadLatestMentionTime(): Promise<Date | undefined>;
  hasMentionsIn(bucket: TimeBucket): Promise<boolean>;
  refreshDigestRollups(options: RollupRefreshOptions): Promise<RollupRefreshReport>;
  /**
   * Runs `read` against one consistent snapshot: writes committing meanwhile land wholly before
   * or after it. `read` must query through the store it is given.
   */
  readSnapshot<T>(read: (snapshot: Store) => Promise<T>): Promise<T>;

  // alerts
  loadLastAlertSent(keyPrefix: string, channel: string, since: Date): Promise<Date | undefined>;
  saveAlertSent(alert: SentAlert): Promise<void>;

  // corrections and reclassification
  saveCorrection(input: CorrectionInput): Promise<CorrectedLabels | undefined>;
  loadCorrections(): Promise<Correction[]>;
  loadOutdatedMentions(currentVersion: string, afterId: number, limit: number): Promise<StoredText[]>;
  saveClassifications(rows: NewClassification[]): Promise<void>;

  // privacy
  deleteMentionsBefore(cutoff: Date, by?: RetentionClock): Promise<ErasureReport>;
  deleteAuthorMentions(selector: AuthorSelector): Promise<ErasureReport>;
  deleteUrlMentions(url: string): Promise<ErasureReport>;

  /** Mentions in id order, streamed: memory stays bounded however many are stored. */
  iterateMentionsForExport(filter?: ExportFilter): AsyncIterable<ExportRow>;
  rewriteRawPayloads(options: RawRewriteOptions): Promise<RawRewriteProgress>;
  /** Rewrites rows stored by older versions into the compact forms (packed evidence); resumable. */
  compactStoredRows(options?: CompactOptions): Promise<CompactProgress>;
  /** "ok" when the database is sound, else what the backend's check found. */
  checkIntegrity(): Promise<string>;
  /** Gives the space of deleted rows back (SQLite VACUUM rewrites the file; PostgreSQL VACUUM marks it reusable). */
  vacuum(): Promise<void>;
  close(): Promise<void>;
}
