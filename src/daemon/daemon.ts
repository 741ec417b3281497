import { createTask, validate, type ScheduledTask } from "node-cron";
import PQueue from "p-queue";
import type { Config } from "../config/load.js";
import { describeError } from "../core/errors.js";
import type { Logger } from "../core/log.js";
import { toSourceDeclarations } from "../pipeline/declare-sources.js";
import { checkThreads, type ThreadCheckDeps, type ThreadCheckOptions, type ThreadCheckReport } from "../pipeline/check-threads.js";
import { scanSource, type ScanDeps, type ScanReport } from "../pipeline/scan.js";
import type { SourceRow } from "../store/types.js";
import type { DaemonMetrics } from "./metrics.js";
import { computeNextCheck, jitterFor, type NextCheckPolicy } from "./next-check.js";
import type { ScanDispatch } from "./work-queue.js";

/** A job besides source scans that runs on its own schedule (weekly digest, retention purge). */
export interface DaemonJob {
  name: string;
  schedule: string;
  run(signal: AbortSignal): Promise<void>;
}

export interface DaemonOptions {
  /** Scan dependencies; the daemon adds its own shutdown signals. */
  deps: Omit<ScanDeps, "signal" | "stopSignal">;
  config: Config;
  log: Logger;
  metrics?: DaemonMetrics;
  jobs?: DaemonJob[];
  /** Called after each scan (alerts, tests). */
  onScanFinished?: (report: ScanReport) => void;
  /**
   * Brand response tracking: each scan of a source whose platform shows replies is followed by a
   * thread check of that source (pipeline/check-threads.ts). Absent: no thread checks.
   */
  threads?: { deps: Omit<ThreadCheckDeps, "signal">; options: ThreadCheckOptions };
  /** Called after each thread check (metrics, alerts, tests). */
  onThreadsChecked?: (report: ThreadCheckReport) => void;
  /**
   * Share the scans with other daemons through a job queue (PostgreSQL: daemon/work-queue.ts):
   * a fired source becomes a job, and this process scans the jobs it fetches. Default: every
   * fired source is scanned here.
   */
  dispatch?: ScanDispatch;
}

export interface Daemon {
  /** Schedules every enabled source and scans those already due (never scanned, or past their next check). */
  start(): Promise<void>;
  /** Applies a new config: new, removed and changed sources, keeping cursors of unchanged ones. */
  reload(config: Config): Promise<void>;
  /** Fires a source's schedule now (what a cron tick does): respects overlap and postponement. */
  fire(sourceName: string): Promise<boolean>;
  /** Stops new work, lets scans finish their page within `graceMs`, then aborts what is left. */
  stop(graceMs: number): Promise<void>;
  /** Resolves when no scan is running or waiting. */
  idle(): Promise<void>;
  readonly inFlight: number;
  /** Source names whose consecutive failures reached the failing threshold. */
  failingSources(): Promise<string[]>;
  sourceNames(): string[];
}

// A cron tick lands a few ms after the planned instant; a check planned for "now" is due.
const DUE_TOLERANCE_MS = 1_000;

/**
 * Daily at 00:05 in the config's time zone: yesterday has just become a complete day, so the
 * digest rollups can take it in even when no scan adds anything.
 */
export const DIGEST_ROLLUP_SCHEDULE = "5 0 * * *";

/**
 * How long the rollup refresh counts days before the event loop gets a turn (scans, jobs,
 * /healthz), ms. A day of a 5M-mention year takes ~0.15 s here, so the first refresh of a long
 * history (about a minute at 5M) runs in a few hundred slices.
 */
const ROLLUP_SLICE_MS = 200;

export function createDaemon(options: DaemonOptions): Daemon {
  const { deps, log } = options;
  let config = options.config;
  const queue = new PQueue({ concurrency: config.scan.concurrency });
  const stopController = new AbortController();
  const abortController = new AbortController();
  const tasks = new Map<number, { task: ScheduledTask; row: SourceRow }>();
  const jobTasks: ScheduledTask[] = [];
  const jitterTimers = new Set<NodeJS.Timeout>();
  /** Sources fired and not yet finished: one run per source at a time, whatever fires it. */
  const pending = new Set<number>();
  let stopping = false;
  /**
   * Thread checks run one source at a time in their own queue, never in a scan's slot: they are
   * background work, and a slow or rate-limited thread endpoint must not delay any scan.
   */
  const threadQueue = new PQueue({ concurrency: 1 });
  /** Sources with a thread check queued or running: one at a time per source. */
  const threadsPending = new Set<number>();
  /** The digest rollup refresh in progress, if any; asks arriving meanwhile set `rollupsAgain`. */
  let rollupRefresh: Promise<void> | undefined;
  let rollupsAgain = false;

  const policy = (): NextCheckPolicy => ({
    maxDelayMs: config.daemon.maxDelayMs,
    backoffBaseMs: config.daemon.backoffBaseMs,
    failingAfter: config.daemon.failingAfter,
    failingIntervalMs: config.daemon.failingIntervalMs,
  });

  function scheduleOf(row: SourceRow): string {
    return row.schedule ?? config.daemon.defaultSchedule;
  }

  async function fireSource(sourceId: number, reason: "schedule" | "start"): Promise<boolean> {
    if (stopping) return false;
    if (pending.has(sourceId)) {
      log.info({ source: tasks.get(sourceId)?.row.name ?? String(sourceId), reason }, "previous run still in progress; skipping this tick");
      return false;
    }
    const row = await deps.store.loadSource(sourceId);
    if (!row || !row.enabled || stopping) return false;
    // Checked again after the read: another tick may have fired the source while it was loading.
    if (pending.has(sourceId)) {
      log.info({ source: row.name, reason }, "previous run still in progress; skipping this tick");
      return false;
    }
    const now = deps.now().getTime();
    if (row.nextCheckAt && row.nextCheckAt.getTime() > now + DUE_TOLERANCE_MS) return false;
    if (options.dispatch) {
      // The cluster decides who scans: the job (one per source and slot) goes to whichever
      // worker fetches it first, possibly this one (runDispatched).
      const requested = await options.dispatch.request(sourceId);
      if (!requested) log.info({ source: row.name, reason }, "a scan of this source is already queued in the cluster");
      return requested;
    }
    pending.add(sourceId);
    const enqueue = () => {
      queue
        .add(() => runScan(sourceId))
        .catch((error: unknown) => log.error({ source: row.name, error: describeError(error) }, "scan crashed"))
        .finally(() => pending.delete(sourceId));
    };
    const delay = jitterFor(row.name, config.daemon.jitterMaxMs);
    if (delay === 0) enqueue();
    else {
      const timer = setTimeout(() => {
        jitterTimers.delete(timer);
        if (stopping) pending.delete(sourceId);
        else enqueue();
      }, delay);
      jitterTimers.add(timer);
    }
    return true;
  }

  /** A job fetched from the cluster's queue: scanned in this process's queue (scan.concurrency). */
  async function runDispatched(sourceId: number): Promise<void> {
    if (stopping) throw new Error(`source ${sourceId}: daemon stopping; the job goes back to the queue`);
    pending.add(sourceId);
    try {
      let started = false;
      const scan = queue.add(() => {
        started = true;
        return runScan(sourceId);
      });
      // stop() clears the local queue, and a cleared task's promise never settles: a job still
      // waiting for a slot fails instead (pg-boss retries it on a live host); a running scan
      // finishes its page first, so its job is never retried while it runs.
      const unstarted = new Promise<never>((_, reject) => {
        const onStop = () => {
          if (!started) reject(new Error(`source ${sourceId}: daemon stopping before the scan started; the job goes back to the queue`));
        };
        if (stopController.signal.aborted) onStop();
        else stopController.signal.addEventListener("abort", onStop, { once: true });
      });
      const report = await Promise.race([scan, unstarted]);
      // A scan cut short by this host's shutdown committed its pages; the job fails so that a
      // live host (after the retry delay) scans the rest of this slot from the stored cursor.
      if (report?.status === "interrupted") throw new Error(`source ${sourceId}: scan interrupted by shutdown; the job goes back to the queue`);
    } finally {
      pending.delete(sourceId);
    }
  }

  async function runScan(sourceId: number): Promise<ScanReport | undefined> {
    const row = await deps.store.loadSource(sourceId);
    if (!row || stopping) return undefined;
    const report = await scanSource({ ...deps, signal: abortController.signal, stopSignal: stopController.signal }, row);
    options.metrics?.recordRun(report, deps.now());
    if (report.status !== "interrupted") await planNextCheck(row, report);
    // New mentions move the rollup watermark on (and re-open days a late arrival lands in), so a
    // digest never has many rows above it to look through.
    if (report.added > 0) requestRollupRefresh();
    // After the scan, whatever its outcome: a thread check reads stored mentions only, and its
    // own failures (429, 5xx) postpone thread checks alone (sources.threads_next_check_at).
    if (report.status !== "interrupted") requestThreadCheck(row);
    options.onScanFinished?.(report);
    return report;
  }

  function requestThreadCheck(row: SourceRow): void {
    const threads = options.threads;
    const sourceId = row.id;
    if (!threads || stopping || threadsPending.has(sourceId)) return;
    if (!threads.deps.brand.kinds.includes(row.kind) || deps.sources.get(row.kind)?.fetchReplies === undefined) return;
    threadsPending.add(sourceId);
    threadQueue
      .add(async () => {
        const fresh = await deps.store.loadSource(sourceId);
        if (!fresh || stopping) return;
        const report = await checkThreads({ ...threads.deps, signal: stopController.signal }, fresh, threads.options);
        const fields = { source: report.source, status: report.status, checked: report.checked, answered: report.answered, responses: report.responses, errors: report.errors };
        if (report.status === "postponed") log.warn({ ...fields, retryAfterMs: report.retryAfterMs, error: report.error }, "thread checks postponed");
        else if (report.checked > 0) log.info(fields, "threads checked");
        options.onThreadsChecked?.(report);
      })
      .catch((error: unknown) => log.error({ source: row.name, error: describeError(error) }, "thread check crashed"))
      .finally(() => threadsPending.delete(sourceId));
  }

  /**
   * Keeps the digest's daily rollups (store/digest-rollups.ts) current: after scans that added
   * mentions, after each job (the retention purge re-opens the days it deleted from), once a day
   * after midnight, and at start (the first start after an upgrade rolls up the whole history,
   * in slices). Refreshes never overlap; asks during one run it once more afterwards.
   */
  function requestRollupRefresh(): void {
    if (stopping) return;
    if (rollupRefresh) {
      rollupsAgain = true;
      return;
    }
    rollupRefresh = refreshRollups()
      .catch((error: unknown) => log.error({ job: "digest-rollups", error: describeError(error) }, "digest rollup refresh failed"))
      .finally(() => (rollupRefresh = undefined));
  }

  async function refreshRollups(): Promise<void> {
    do {
      rollupsAgain = false;
      const started = Date.now();
      const total = { rolledUpDays: 0, invalidatedDays: 0 };
      for (;;) {
        // Each slice waits its turn: the caller (a scan's end, start()) is never held up by one.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (stopping) return;
        const report = await deps.store.refreshDigestRollups({ timezone: config.timezone, now: deps.now(), budgetMs: ROLLUP_SLICE_MS });
        total.rolledUpDays += report.rolledUpDays;
        total.invalidatedDays += report.invalidatedDays;
        if (report.pendingDays === 0) break;
      }
      if (total.rolledUpDays + total.invalidatedDays > 0) log.info({ job: "digest-rollups", timezone: config.timezone, ...total, durationMs: Date.now() - started }, "digest rollups refreshed");
    } while (rollupsAgain && !stopping);
  }

  async function planNextCheck(row: SourceRow, report: ScanReport): Promise<void> {
    const fresh = await deps.store.loadSource(row.id);
    if (!fresh) return;
    const now = deps.now();
    const task = tasks.get(row.id)?.task;
    const scheduledAt = task?.getNextRun() ?? new Date(now.getTime() + config.daemon.maxDelayMs);
    const next = computeNextCheck(
      {
        now,
        scheduledAt,
        consecutiveFailures: fresh.errorCount,
        ...(report.retryAfterMs !== undefined ? { retryAfterMs: report.retryAfterMs } : {}),
        ...(report.minNextCheckMs !== undefined ? { minNextCheckMs: report.minNextCheckMs } : {}),
      },
      policy(),
    );
    await deps.store.saveNextCheck(row.id, next.nextCheckAt);
    const fields = { source: row.name, runId: report.runId, status: report.status, fetched: report.fetched, added: report.added, errors: report.errors, durationMs: report.durationMs, nextCheckAt: next.nextCheckAt.toISOString(), reason: next.reason };
    if (next.failing) log.error({ ...fields, consecutiveFailures: fresh.errorCount }, "source is failing; retrying at the slowest rate");
    else if (report.status === "failed") log.warn({ ...fields, consecutiveFailures: fresh.errorCount, httpStatus: report.httpStatus }, "scan failed");
    else log.info(fields, "scan finished");
  }

  function scheduleRows(rows: SourceRow[]): void {
    for (const row of rows.filter((r) => r.enabled)) {
      const expression = scheduleOf(row);
      if (!validate(expression)) {
        log.error({ source: row.name, schedule: expression }, "invalid cron schedule; source not scheduled");
        continue;
      }
      const task = createTask(expression, () => void fireSource(row.id, "schedule").catch((error: unknown) => log.error({ source: row.name, error: describeError(error) }, "cannot fire source")), { timezone: config.timezone, name: `source:${row.name}` });
      tasks.set(row.id, { task, row });
      void task.start();
    }
  }

  function unscheduleAll(): void {
    for (const { task } of tasks.values()) void task.destroy();
    tasks.clear();
  }

  function syncFromConfig(next: Config): Promise<SourceRow[]> {
    return deps.store.syncSources(toSourceDeclarations(next, deps.sources), deps.now());
  }

  async function fireDueSources(): Promise<void> {
    for (const { row } of [...tasks.values()]) await fireSource(row.id, "start");
  }

  return {
    async start() {
      scheduleRows(await syncFromConfig(config));
      await options.dispatch?.start(runDispatched);
      for (const job of options.jobs ?? []) {
        const task = createTask(
          job.schedule,
          async () => {
            if (stopping) return;
            try {
              // In a cluster every host's cron fires; the first to claim the hour runs the job.
              if (options.dispatch && !(await options.dispatch.claim(job.name))) {
                log.info({ job: job.name }, "job claimed by another host this hour");
                return;
              }
              await job.run(stopController.signal);
              log.info({ job: job.name }, "job finished");
            } catch (error) {
              log.error({ job: job.name, error: describeError(error) }, "job failed");
            }
            requestRollupRefresh();
          },
          { timezone: config.timezone, name: `job:${job.name}`, noOverlap: true },
        );
        jobTasks.push(task);
        void task.start();
      }
      const rollupTask = createTask(DIGEST_ROLLUP_SCHEDULE, () => requestRollupRefresh(), { timezone: config.timezone, name: "job:digest-rollups" });
      jobTasks.push(rollupTask);
      void rollupTask.start();
      log.info({ sources: tasks.size, jobs: jobTasks.length, concurrency: config.scan.concurrency }, "daemon started");
      await fireDueSources();
      requestRollupRefresh();
    },
    async reload(next) {
      const rows = await syncFromConfig(next);
      config = next;
      queue.concurrency = next.scan.concurrency;
      unscheduleAll();
      scheduleRows(rows);
      log.info({ sources: tasks.size }, "config reloaded");
      await fireDueSources();
    },
    async fire(sourceName) {
      const entry = [...tasks.values()].find((t) => t.row.name === sourceName);
      return entry ? fireSource(entry.row.id, "schedule") : false;
    },
    async stop(graceMs) {
      if (stopping) return;
      stopping = true;
      unscheduleAll();
      for (const task of jobTasks) void task.destroy();
      for (const timer of jitterTimers) clearTimeout(timer);
      jitterTimers.clear();
      queue.clear();
      threadQueue.clear();
      stopController.abort(new Error("daemon stopping"));
      const dispatched = options.dispatch?.stop(graceMs);
      const drained = await Promise.race([queue.onIdle().then(() => true), delay(graceMs).then(() => false)]);
      if (!drained) {
        log.warn({ inFlight: queue.pending, graceMs }, "scans did not finish in time; aborting them (uncommitted pages roll back)");
        abortController.abort(new Error("daemon stopped"));
        await queue.onIdle();
      }
      await dispatched;
      // A thread check stops between threads (each thread commits alone); a refresh at its next slice.
      await threadQueue.onIdle();
      await rollupRefresh;
      log.info({}, "daemon stopped");
    },
    async idle() {
      // Jittered runs wait in timers before they reach the queue; they count as work too, and
      // so does the rollup refresh a scan asked for.
      for (;;) {
        await queue.onIdle();
        await threadQueue.onIdle();
        await rollupRefresh;
        if (pending.size === 0 && threadsPending.size === 0 && !rollupRefresh) return;
        await delay(10);
      }
    },
    get inFlight() {
      return pending.size;
    },
    async failingSources() {
      const rows = await Promise.all([...tasks.values()].map((t) => deps.store.loadSource(t.row.id)));
      return rows.filter((r): r is SourceRow => r !== undefined && r.errorCount >= config.daemon.failingAfter).map((r) => r.name);
    },
    sourceNames: () => [...tasks.values()].map((t) => t.row.name),
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
