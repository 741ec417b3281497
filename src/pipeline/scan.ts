import type { Classifier } from "../core/classification.js";
import { describeError, HttpError, ParseError } from "../core/errors.js";
import type { HttpClient } from "../http/types.js";
import type { SourceRegistry } from "../sources/registry.js";
import type { FetchContext } from "../sources/types.js";
import type { NewResponse, ScanStatus, SourceRow, Store } from "../store/types.js";
import type { MentionDraft } from "../core/mention.js";
import { toBrandResponses, type BrandMatcher } from "./brand-accounts.js";
import { createDirectPageWriter, type PageWriter } from "./page-writer.js";
import { createInlinePreparer, type PagePreparer } from "./prepare-pool.js";
import { prefixSource, toPrivateItemErrors, type PrivacySettings } from "./prepare.js";

export type { PrivacySettings } from "./prepare.js";

export interface ScanDeps {
  store: Store;
  http: HttpClient;
  classifier: Classifier;
  sources: SourceRegistry;
  /** Injected clock. */
  now: () => Date;
  /** Abort now: in-flight requests are cancelled and the uncommitted page is rolled back. */
  signal?: AbortSignal;
  /** Stop gently: the page being fetched is finished and committed, then the scan ends. */
  stopSignal?: AbortSignal;
  /** A scan of one source is abandoned after this long, ms. Default 300 000. */
  sourceTimeoutMs?: number;
  /** Structured events for logs: ids and counts, never mention text or authors. */
  log?: (event: ScanEvent) => void;
  /** Personal data handling before storage. Default: redact, keep no handles, no author hash. */
  privacy?: PrivacySettings;
  /** Where pages are redacted and classified (worker threads); default: this thread, with `classifier`. */
  preparer?: PagePreparer;
  /** How pages are committed (grouped across concurrent scans); default: each page at once. */
  pageWriter?: PageWriter;
  /**
   * The brand's own accounts (brand.accounts): their posts are the brand's, never customer
   * mentions, and are left out; replies carried in payloads (developer responses) are stored as
   * responses. Default: no accounts.
   */
  brand?: BrandMatcher;
}

const DEFAULT_PRIVACY: PrivacySettings = { redact: true, keepAuthorHandles: false };

export interface ScanEvent {
  event: "scan_started" | "page_saved" | "scan_finished";
  source: string;
  runId: number;
  fetched?: number;
  added?: number;
  errors?: number;
  status?: ScanStatus;
  durationMs?: number;
}

/** What one scan of one source did; also the `scan --json` line. */
export interface ScanReport {
  source: string;
  kind: string;
  runId: number;
  status: ScanStatus;
  fetched: number;
  added: number;
  errors: number;
  durationMs: number;
  notModified: boolean;
  /** The error that stopped the scan, when status is "failed". */
  error?: string;
  /** HTTP status of the failure, when it was an HTTP failure (429, 503…). */
  httpStatus?: number;
  /** Server-imposed delay (Retry-After) before the source may be asked again, ms. */
  retryAfterMs?: number;
  /** Server-advised minimum delay (feed <ttl>, max-age) before the next check, ms. */
  minNextCheckMs?: number;
  /** What the source said the user should know (platform caps that stopped a backfill…). */
  notices?: string[];
}

export interface ScanOptions {
  /** Backfill: walk history back to this date where the platform allows it. */
  since?: Date;
}

/**
 * Scans one source: pages → classify → store each page with its cursor in one transaction.
 * Never throws for source problems: a failure is recorded on the run and the source, and
 * pages committed before it stay committed.
 */
export async function scanSource(deps: ScanDeps, row: SourceRow, options: ScanOptions = {}): Promise<ScanReport> {
  const { store, now } = deps;
  const startedAt = now();
  const runId = await store.startRun(row.id, startedAt);
  const report: ScanReport = { source: row.name, kind: row.kind, runId, status: "ok", fetched: 0, added: 0, errors: 0, durationMs: 0, notModified: false };
  deps.log?.({ event: "scan_started", source: row.name, runId });
  const { signal, dispose } = createScanSignal(deps);
  const preparer = deps.preparer ?? createInlinePreparer(deps.classifier);
  const pageWriter = deps.pageWriter ?? createDirectPageWriter(store);
  try {
    const source = deps.sources.get(row.kind);
    if (!source) throw new ParseError({ source: row.name, detail: `unknown source kind "${row.kind}"` });
    const config = source.parseConfig(row.config, `source "${row.name}"`);
    const ctx: FetchContext = { http: deps.http, signal, now, ...(options.since ? { since: options.since } : {}) };
    for await (const page of source.pages(ctx, config, row.cursor ?? null)) {
      if (page.notModified) report.notModified = true;
      if (page.minNextCheckMs !== undefined) report.minNextCheckMs = page.minNextCheckMs;
      if (page.notice) report.notices = [...(report.notices ?? []), page.notice];
      const privacy = deps.privacy ?? DEFAULT_PRIVACY;
      // Items already stored would be ignored by the insert anyway: skip their redaction and
      // classification, which cost more than the fetch (docs/performance.md, rescan).
      const known = await store.listKnownExternalIds(row.id, page.mentions.map((m) => m.externalId));
      const brand = deps.brand;
      const isBrandPost = (m: MentionDraft) => brand !== undefined && brand.accountOf(row.kind, m.author) !== undefined;
      const fresh = known.size === 0 && !brand ? page.mentions : page.mentions.filter((m) => !known.has(m.externalId) && !isBrandPost(m));
      const prepared = await preparer.prepare({ drafts: fresh, sourceName: row.name, sourceKind: row.kind, fetchedAt: now(), privacy });
      const rows = prepared.rows;
      const itemErrors = [...toPrivateItemErrors(page.itemErrors ?? [], privacy), ...prepared.itemErrors];
      const fetched = rows.length + (page.mentions.length - fresh.length);
      const added = await pageWriter.save({ sourceId: row.id, runId, rows, cursor: page.cursor, itemErrors, now: now(), fetched });
      if (brand) await saveBrandResponses(store, row, page.mentions, brand, { payloads: source.replies === "payload", redact: privacy.redact }, now());
      report.fetched += page.mentions.length;
      report.added += added;
      report.errors += itemErrors.length;
      deps.log?.({ event: "page_saved", source: row.name, runId, fetched: page.mentions.length, added, errors: itemErrors.length });
      // Stop between pages, never inside one: what is committed is a clean resume point.
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("scan aborted");
      if (deps.stopSignal?.aborted) {
        report.status = "interrupted";
        break;
      }
    }
    if (report.status !== "interrupted") {
      report.status = report.errors > 0 ? "partial" : report.notModified && report.fetched === 0 ? "not_modified" : "ok";
    }
    const finishedAt = now();
    await store.finishRun(runId, { status: report.status, now: finishedAt });
    const nextCheckAt = report.minNextCheckMs ? new Date(finishedAt.getTime() + report.minNextCheckMs) : null;
    await store.saveSourceSuccess(row.id, { now: finishedAt, nextCheckAt });
  } catch (error) {
    const finishedAt = now();
    const message = prefixSource(row.name, describeError(error));
    if (deps.signal?.aborted || deps.stopSignal?.aborted) {
      // Shutdown is not the source's fault: no failure count, no backoff; the cursor of the last
      // committed page is where the next start resumes.
      report.status = "interrupted";
      report.error = message;
      await store.finishRun(runId, { status: "interrupted", error: message, now: finishedAt });
    } else {
      await recordFailure(deps, row, report, error, message, finishedAt);
    }
  } finally {
    dispose();
  }
  report.durationMs = now().getTime() - startedAt.getTime();
  deps.log?.({ event: "scan_finished", source: row.name, runId, fetched: report.fetched, added: report.added, errors: report.errors, status: report.status, durationMs: report.durationMs });
  return report;
}

/**
 * The brand's answers a page shows, stored against the mention they answer (matched within the
 * source by external id, so after the page's own rows are committed):
 * - developer responses inside review payloads (Google Play), for every review of the page, known
 *   ones included, since the developer usually answers days after the review was stored;
 * - posts by a brand account that reply to an item (`inReplyTo`): a reply seen in a scan counts at
 *   once and whatever the complaint's age, not only when a thread check inside the window finds it.
 */
async function saveBrandResponses(store: Store, row: SourceRow, drafts: readonly MentionDraft[], brand: BrandMatcher, options: { payloads: boolean; redact: boolean }, now: Date): Promise<void> {
  const items = drafts.flatMap((m) => {
    const found: Array<{ externalId: string; responses: NewResponse[] }> = [];
    if (options.payloads && m.replies?.length) found.push({ externalId: m.externalId, responses: toBrandResponses(row.kind, m.replies, brand, options.redact) });
    if (m.inReplyTo !== undefined && brand.accountOf(row.kind, m.author) !== undefined) {
      const reply = { externalId: m.externalId, author: m.author, text: m.text, publishedAt: m.publishedAt ?? now, ...(m.url ? { url: m.url } : {}) };
      found.push({ externalId: m.inReplyTo, responses: toBrandResponses(row.kind, [reply], brand, options.redact) });
    }
    return found.filter((f) => f.responses.length > 0);
  });
  await store.saveEmbeddedResponses(row.id, items, now);
}

/** A failure stops the source: the run and the source record it; committed pages stay. */
async function recordFailure(deps: ScanDeps, row: SourceRow, report: ScanReport, error: unknown, message: string, finishedAt: Date): Promise<void> {
  report.status = "failed";
  report.error = message;
  report.errors += 1;
  if (error instanceof HttpError) {
    report.httpStatus = error.status;
    if (error.retryAfterMs !== undefined) report.retryAfterMs = error.retryAfterMs;
  }
  const item = error instanceof ParseError && error.item ? { item: error.item } : {};
  await deps.store.saveRunError(report.runId, row.id, { message, ...item, now: finishedAt });
  await deps.store.finishRun(report.runId, { status: "failed", error: message, now: finishedAt });
  // The server's own Retry-After is a fact to honour; anything smarter is the daemon's policy.
  const nextCheckAt = report.retryAfterMs !== undefined ? new Date(finishedAt.getTime() + report.retryAfterMs) : null;
  await deps.store.saveSourceFailure(row.id, { error: message, nextCheckAt, now: finishedAt });
}

/**
 * The scan's own signal: aborted by the caller's (daemon shutdown, Ctrl-C) or at the per-source
 * deadline. A plain controller with a listener removed afterwards, not AbortSignal.any: on Node 20
 * every AbortSignal.any over a long-lived signal stays reachable from it (nodejs/node#55351), so
 * a daemon would leak one per scan for months.
 */
function createScanSignal(deps: Pick<ScanDeps, "signal" | "sourceTimeoutMs">): { signal: AbortSignal; dispose: () => void } {
  const timeoutMs = deps.sourceTimeoutMs ?? 300_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`the scan took longer than ${timeoutMs} ms (scan.sourceTimeoutMs)`)), timeoutMs);
  const parent = deps.signal;
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener("abort", onParentAbort, { once: true });
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}
