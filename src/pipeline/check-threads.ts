/**
 * Thread checks for brand response tracking (issue 13): for one source, fetch the threads of its
 * unanswered complaints younger than the window, keep the replies by the brand's accounts and
 * store them with the mention's first-response time. Incremental (a thread leaves the queue once
 * answered or out of the window) and resumable (each thread commits on its own; an interrupted run
 * resumes with the least recently checked). Failures here never touch the source's scan state:
 * a 429 or an unreachable thread endpoint postpones only this source's thread checks.
 */
import { ConfigError, describeError, HttpError } from "../core/errors.js";
import type { HttpClient } from "../http/types.js";
import type { SourceRegistry } from "../sources/registry.js";
import type { FetchContext } from "../sources/types.js";
import type { SourceRow, Store } from "../store/types.js";
import { toBrandResponses, type BrandMatcher } from "./brand-accounts.js";

export interface ThreadCheckDeps {
  store: Store;
  /** The same client as scans: per-host queues, timeouts, size cap and inline retry apply. */
  http: HttpClient;
  sources: SourceRegistry;
  brand: BrandMatcher;
  /** Redact reply text like mention text (privacy.redact). */
  redact: boolean;
  now: () => Date;
  signal?: AbortSignal;
}

export interface ThreadCheckOptions {
  /** Only complaints younger than this are checked, ms. */
  windowMs: number;
  /** An unanswered thread is fetched again after this long, ms. */
  recheckMs: number;
  /** Threads fetched in this run. */
  limit: number;
  /** How long thread checks wait after a failure without Retry-After, ms. Default 15 minutes. */
  postponeMs?: number;
}

export type ThreadCheckStatus = "ok" | "postponed" | "waiting" | "not_measurable" | "interrupted";

export interface ThreadCheckReport {
  source: string;
  kind: string;
  status: ThreadCheckStatus;
  /** Threads fetched. */
  checked: number;
  /** Threads that got their first brand response in this run. */
  answered: number;
  /** Brand responses stored. */
  responses: number;
  /** Threads that could not be read (deleted post, unreadable answer): marked checked, retried after recheckMs. */
  errors: number;
  /** Set when status is "postponed": the failure and how long thread checks wait. */
  error?: string;
  retryAfterMs?: number;
}

const DEFAULT_POSTPONE_MS = 15 * 60_000;

export async function checkThreads(deps: ThreadCheckDeps, row: SourceRow, options: ThreadCheckOptions): Promise<ThreadCheckReport> {
  const report: ThreadCheckReport = { source: row.name, kind: row.kind, status: "ok", checked: 0, answered: 0, responses: 0, errors: 0 };
  const source = deps.sources.get(row.kind);
  if (!source?.fetchReplies || !deps.brand.kinds.includes(row.kind)) return { ...report, status: "not_measurable" };
  const now = deps.now();
  if (row.threadsNextCheckAt && row.threadsNextCheckAt.getTime() > now.getTime()) return { ...report, status: "waiting" };
  const config = source.parseConfig(row.config, `source "${row.name}"`);
  const ctx: FetchContext = { http: deps.http, signal: deps.signal ?? new AbortController().signal, now: deps.now };
  const threads = await deps.store.listThreadsToCheck(row.id, { now, windowMs: options.windowMs, recheckMs: options.recheckMs, limit: options.limit });
  for (const thread of threads) {
    if (deps.signal?.aborted) return { ...report, status: "interrupted" };
    try {
      const replies = await source.fetchReplies(ctx, config, { externalId: thread.externalId, url: thread.url, raw: thread.raw });
      const found = toBrandResponses(row.kind, replies, deps.brand, deps.redact);
      report.responses += await deps.store.saveThreadCheck(thread.mentionId, found, deps.now());
      report.checked++;
      if (found.length > 0) report.answered++;
    } catch (error) {
      if (deps.signal?.aborted) return { ...report, status: "interrupted" };
      if (isEndpointFailure(error)) {
        // The endpoint (not this thread) is the problem: stop, and let only thread checks wait.
        const retryAfterMs = error instanceof HttpError && error.retryAfterMs !== undefined ? error.retryAfterMs : (options.postponeMs ?? DEFAULT_POSTPONE_MS);
        const message = `${row.name}: thread check: ${describeError(error)}`;
        await deps.store.saveThreadsPostponed(row.id, new Date(deps.now().getTime() + retryAfterMs), message);
        return { ...report, status: "postponed", error: message, retryAfterMs };
      }
      // This thread alone cannot be read (deleted post: 404; unreadable answer): it waits for its recheck.
      await deps.store.saveThreadCheck(thread.mentionId, [], deps.now());
      report.checked++;
      report.errors++;
    }
  }
  await deps.store.saveThreadsOk(row.id);
  return report;
}

/** 429, 5xx, timeouts, network errors and refused credentials say the platform is unwilling or unwell, not that one thread is bad. */
function isEndpointFailure(error: unknown): boolean {
  // Missing credentials (a Bluesky login) fail every thread alike: wait, do not mark each one checked.
  if (error instanceof ConfigError) return true;
  if (!(error instanceof HttpError)) return false;
  return error.status === 0 || error.status === 429 || error.status >= 500 || error.retryAfterMs !== undefined || error.status === 401 || error.status === 403;
}

/**
 * Thread checks of several sources, one after the other (each is already limited per host by the
 * HTTP client; thread checks are background work and never compete with scans for concurrency).
 * A source that cannot show replies is skipped; one source's failure never stops the others.
 */
export async function checkAllThreads(deps: ThreadCheckDeps, rows: readonly SourceRow[], options: ThreadCheckOptions, onReport?: (report: ThreadCheckReport) => void): Promise<ThreadCheckReport[]> {
  const reports: ThreadCheckReport[] = [];
  for (const row of rows) {
    if (deps.signal?.aborted) break;
    let report: ThreadCheckReport;
    try {
      report = await checkThreads(deps, row, options);
    } catch (error) {
      // A config the source refuses, a closed database: reported, the other sources go on.
      report = { source: row.name, kind: row.kind, status: "postponed", checked: 0, answered: 0, responses: 0, errors: 1, error: `${row.name}: thread check: ${describeError(error)}` };
    }
    if (report.status === "not_measurable") continue;
    reports.push(report);
    onReport?.(report);
  }
  return reports;
}

/** Thread-check options from the config's `responses` section. */
export function toThreadCheckOptions(responses: { windowDays: number; recheckMs: number; maxChecksPerRun: number }): ThreadCheckOptions {
  return { windowMs: responses.windowDays * 86_400_000, recheckMs: responses.recheckMs, limit: responses.maxChecksPerRun };
}
