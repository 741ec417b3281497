import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import type { Logger } from "../../src/core/log.js";
import { createDaemon } from "../../src/daemon/daemon.js";
import { createDaemonMetrics } from "../../src/daemon/metrics.js";
import { createBrandMatcher } from "../../src/pipeline/brand-accounts.js";
import { toThreadCheckOptions, type ThreadCheckReport } from "../../src/pipeline/check-threads.js";
import type { ScanReport } from "../../src/pipeline/scan.js";
import { startReplay, type ReplayRoutes, type ReplayServer } from "../../src/replay/server.js";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { listThreadBacklog } from "../../src/store/sqlite/responses.js";
import { listSources } from "../../src/store/sqlite/sources.js";
import { createTestClock, createTestDeps, toStore } from "../helpers/deps.js";

const quiet: Logger = { info() {}, warn() {}, error() {} };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Every post of the recorded search (fixtures/reddit/search-page-*.json) has a thread route. */
function threadRoutes(answered: ReplayRoutes[string]): ReplayRoutes {
  const others = ["1h2jq0d", "1h2ig4w", "1h2hd1x", "1h2gkz2", "1h2f3a8", "1h2e7pn", "1h2dl2v"];
  return { "/comments/1h2kx7c.json": answered, ...Object.fromEntries(others.map((id) => [`/comments/${id}.json`, { fixture: "reddit/thread-unanswered" }])) };
}

async function runDaemonOnce(replay: ReplayServer) {
  const config = parseConfig(
    {
      database: ":memory:",
      daemon: { jitterMaxMs: 0, defaultSchedule: "0 0 1 1 *" },
      brand: { accounts: { reddit: ["nordvik_support"] } },
      sources: [{ name: "reddit", kind: "reddit", baseUrl: replay.origin, terms: ["Nordvik"] }],
    },
    null,
    "/",
  );
  const db = openDb(":memory:");
  // A fixed clock: a day after the newest recorded post, so every thread is in the window.
  const clock = createTestClock("2026-11-24T08:00:00Z");
  const deps = createTestDeps(db, clock);
  const scans: ScanReport[] = [];
  const checks: ThreadCheckReport[] = [];
  const metrics = createDaemonMetrics();
  const brand = createBrandMatcher(config.brand.accounts);
  const daemon = createDaemon({
    deps,
    config,
    log: quiet,
    metrics,
    threads: { deps: { store: toStore(db), http: deps.http, sources: deps.sources, brand, redact: true, now: clock.now }, options: toThreadCheckOptions(config.responses) },
    onScanFinished: (r) => scans.push(r),
    onThreadsChecked: (r) => {
      checks.push(r);
      metrics.recordThreadCheck(r);
    },
  });
  cleanups.push(async () => {
    await daemon.stop(1_000);
    await deps.http.close();
    closeDb(db);
  });
  await daemon.start();
  while (checks.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  await daemon.idle();
  return { db, scans, checks, clock, metrics, daemon };
}

describe("daemon thread checks", () => {
  let replay: ReplayServer | undefined;
  afterEach(async () => {
    await replay?.close();
    replay = undefined;
  });
  const search: ReplayRoutes = {
    "/search.json": { fixture: "reddit/search-page-1" },
    "/search.json?q=%22Nordvik%22&sort=new&t=all&type=link&limit=100&raw_json=1&after=t3_1h2gkz2": { fixture: "reddit/search-page-2" },
  };

  it("checks a source's complaint threads after its scan, at the injected clock's time", async () => {
    replay = await startReplay({ ...search, ...threadRoutes({ fixture: "reddit/thread-answered" }) });
    const { db, scans, checks, clock, metrics } = await runDaemonOnce(replay);
    expect(scans[0]).toMatchObject({ source: "reddit", status: "ok" });
    expect(checks[0]).toMatchObject({ source: "reddit", status: "ok", answered: 1 });
    const answered = listMentions(db).find((m) => m.externalId === "t3_1h2kx7c")!;
    expect(answered.firstResponseAt).toEqual(new Date("2026-11-23T12:10:12Z"));
    expect(answered.threadCheckedAt).toEqual(clock.now());
    const backlog = listThreadBacklog(db, ["reddit"], { now: clock.now(), windowMs: 14 * 86_400_000, recheckMs: 3 * 3_600_000 });
    const text = metrics.render({ inFlight: 0, failingSources: [], sources: ["reddit"], threadBacklog: backlog });
    expect(text).toContain('earshot_complaints_answered{source="reddit"} 1');
    expect(text).toContain(`earshot_complaints_unanswered{source="reddit"} ${backlog[0]!.unanswered}`);
    expect(text).toContain('earshot_brand_responses_added_total{source="reddit"} 1');
  });

  it("a 429 on the thread endpoint postpones thread checks and leaves the scan's schedule alone", async () => {
    replay = await startReplay({ ...search, ...threadRoutes({ status: 429, headers: { "retry-after": "600" }, body: "slow down" }) });
    const { db, scans, checks, clock } = await runDaemonOnce(replay);
    expect(scans[0]).toMatchObject({ status: "ok" });
    expect(checks[0]).toMatchObject({ status: "postponed", retryAfterMs: 600_000 });
    const [row] = listSources(db);
    expect(row).toMatchObject({ errorCount: 0, lastError: null });
    expect(row!.threadsNextCheckAt).toEqual(new Date(clock.now().getTime() + 600_000));
    // The scan's next check is its schedule's (1 January, capped at daemon.maxDelayMs = 24 h), not the thread endpoint's Retry-After.
    expect(row!.nextCheckAt).toEqual(new Date(clock.now().getTime() + 86_400_000));
  });
});
