import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseConfig, type Config } from "../../src/config/load.js";
import { createDaemon, type Daemon } from "../../src/daemon/daemon.js";
import { createDaemonMetrics } from "../../src/daemon/metrics.js";
import type { Logger } from "../../src/core/log.js";
import type { ScanReport } from "../../src/pipeline/scan.js";
import { startReplay, type ReplayServer } from "../../src/replay/server.js";
import { checkIntegrity, closeDb, openDb, type Db } from "../../src/store/sqlite/db.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { listSources } from "../../src/store/sqlite/sources.js";
import { createTestDeps } from "../helpers/deps.js";

interface Harness {
  db: Db;
  daemon: Daemon;
  reports: ScanReport[];
  logs: Array<{ level: string; fields: Record<string, unknown>; message: string }>;
  /** Resolves once `count` scans have finished (bounded by the test timeout). */
  waitForReports(count: number): Promise<ScanReport[]>;
  close(): Promise<void>;
}

describe("daemon", () => {
  let replay: ReplayServer;
  const harnesses: Harness[] = [];

  beforeAll(async () => {
    replay = await startReplay({
      "/lt.xml": { fixture: "rss/demo-lt-windows-1257" },
      "/ru.xml": { fixture: "rss/demo-ru-windows-1251" },
      "/busy.xml": { status: 429, headers: { "retry-after": "3600" }, body: "slow down" },
      "/broken.xml": { status: 500, body: "boom" },
      "/slow.xml": { fixture: "rss/demo-fi-atom", delayMs: 400 },
      "/fi.atom": { fixture: "rss/demo-fi-atom" },
      "/en.json": { fixture: "rss/demo-en-json-feed" },
    });
  });
  afterAll(() => replay.close());
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
  });

  function configFor(sources: Array<{ name: string; path: string; schedule?: string }>, daemon: Record<string, unknown> = {}): Config {
    return parseConfig(
      {
        database: ":memory:",
        timezone: "Europe/Vilnius",
        daemon: { jitterMaxMs: 0, defaultSchedule: "*/1 * * * * *", ...daemon },
        sources: sources.map((s) => ({ name: s.name, kind: "rss", url: replay.url(s.path), ...(s.schedule ? { schedule: s.schedule } : {}) })),
      },
      null,
      "/",
    );
  }

  async function startDaemon(config: Config): Promise<Harness> {
    const db = openDb(":memory:");
    const deps = createTestDeps(db, { now: () => new Date(), advance() {}, set() {} });
    const reports: ScanReport[] = [];
    const waiters: Array<() => void> = [];
    const logs: Harness["logs"] = [];
    const log: Logger = {
      info: (fields, message) => logs.push({ level: "info", fields, message }),
      warn: (fields, message) => logs.push({ level: "warn", fields, message }),
      error: (fields, message) => logs.push({ level: "error", fields, message }),
    };
    const daemon = createDaemon({
      deps,
      config,
      log,
      metrics: createDaemonMetrics(),
      onScanFinished: (report) => {
        reports.push(report);
        waiters.splice(0).forEach((wake) => wake());
      },
    });
    const harness: Harness = {
      db,
      daemon,
      reports,
      logs,
      async waitForReports(count) {
        while (reports.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
        return reports;
      },
      async close() {
        await daemon.stop(2_000);
        await deps.http.close();
        closeDb(db);
      },
    };
    harnesses.push(harness);
    await daemon.start();
    return harness;
  }

  it("scans due sources at start and again on their schedule", async () => {
    const h = await startDaemon(configFor([{ name: "fi", path: "/fi.atom" }, { name: "en", path: "/en.json" }]));
    await h.waitForReports(2);
    expect(new Set(h.reports.slice(0, 2).map((r) => r.source))).toEqual(new Set(["fi", "en"]));
    expect(listMentions(h.db)).toHaveLength(18);
    // The every-second schedule fires again; the replay answers 304 to the stored ETag.
    const later = await h.waitForReports(4);
    expect(later.slice(2).every((r) => r.status === "not_modified")).toBe(true);
    expect(listMentions(h.db)).toHaveLength(18);
  });

  it("refreshes the digest rollups after scans that stored mentions", async () => {
    const h = await startDaemon(configFor([{ name: "fi", path: "/fi.atom", schedule: "0 0 1 1 *" }]));
    await h.waitForReports(1);
    await h.daemon.idle();
    const client = h.db.$client;
    // The watermark reached the newest mention, and the past days of the feed (2026-11-16…22) were counted.
    expect(client.prepare("select mention_id from digest_rollup_watermarks where timezone = 'Europe/Vilnius'").pluck().get()).toBe(client.prepare("select max(id) from mentions").pluck().get());
    expect(client.prepare("select count(*) from digest_rollup_days where timezone = 'Europe/Vilnius'").pluck().get()).toBeGreaterThan(0);
    expect(h.logs.some((l) => l.fields.job === "digest-rollups" && l.message === "digest rollups refreshed")).toBe(true);
  });

  it("waits as long as a feed's <ttl> asks even when the schedule is sooner", async () => {
    const h = await startDaemon(configFor([{ name: "lt", path: "/lt.xml" }]));
    await h.waitForReports(1);
    // fixtures/rss/demo-lt-windows-1257.xml declares <ttl>30</ttl> (minutes).
    const nextCheckAt = listSources(h.db)[0]!.nextCheckAt!.getTime();
    expect(nextCheckAt).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(await h.daemon.fire("lt")).toBe(false);
  });

  it("postpones only the rate-limited source and keeps the others running", async () => {
    const h = await startDaemon(configFor([{ name: "busy", path: "/busy.xml" }, { name: "broken", path: "/broken.xml" }, { name: "lt", path: "/lt.xml" }]));
    await h.waitForReports(3);
    const byName = Object.fromEntries(listSources(h.db).map((s) => [s.name, s]));
    const now = Date.now();
    // Retry-After: 3600 s pushes the next check an hour out; the plain failure backs off a minute.
    expect(byName.busy!.nextCheckAt!.getTime()).toBeGreaterThan(now + 3_500_000);
    expect(byName.broken!.nextCheckAt!.getTime()).toBeGreaterThan(now + 50_000);
    expect(byName.broken!.nextCheckAt!.getTime()).toBeLessThan(now + 70_000);
    expect(byName.lt!.errorCount).toBe(0);
    expect(await h.daemon.fire("busy")).toBe(false);
    expect(listMentions(h.db)).toHaveLength(10);
    expect(h.logs.some((l) => l.level === "warn" && l.fields.source === "busy" && l.fields.httpStatus === 429)).toBe(true);
  });

  it("runs a source once when its triggers overlap", async () => {
    const h = await startDaemon(configFor([{ name: "slow", path: "/slow.xml", schedule: "0 0 1 1 *" }]));
    // Started at once (never scanned); the manual fires land while that run is in flight.
    expect(await h.daemon.fire("slow")).toBe(false);
    expect(await h.daemon.fire("slow")).toBe(false);
    await h.daemon.idle();
    expect(h.reports).toHaveLength(1);
    expect(replay.requests.filter((r) => r.path === "/slow.xml")).toHaveLength(1);
  });

  it("marks a source failing after repeated failures and says so loudly", async () => {
    const h = await startDaemon(configFor([{ name: "broken", path: "/broken.xml" }], { failingAfter: 1, failingIntervalMs: 7_200_000 }));
    await h.waitForReports(1);
    expect(await h.daemon.failingSources()).toEqual(["broken"]);
    expect(h.logs.some((l) => l.level === "error" && l.message.includes("failing"))).toBe(true);
    expect(listSources(h.db)[0]!.nextCheckAt!.getTime()).toBeGreaterThan(Date.now() + 7_000_000);
  });

  it("picks up added, changed and removed sources on reload without losing cursors", async () => {
    const h = await startDaemon(configFor([{ name: "lt", path: "/lt.xml", schedule: "0 0 1 1 *" }]));
    await h.waitForReports(1);
    const cursorBefore = listSources(h.db).find((s) => s.name === "lt")!.cursor;
    await h.daemon.reload(configFor([{ name: "lt", path: "/lt.xml", schedule: "0 0 1 1 *" }, { name: "ru", path: "/ru.xml", schedule: "0 0 1 1 *" }]));
    await h.waitForReports(2);
    expect(h.reports[1]!.source).toBe("ru");
    expect(listSources(h.db).find((s) => s.name === "lt")!.cursor).toEqual(cursorBefore);
    await h.daemon.reload(configFor([{ name: "ru", path: "/ru.xml", schedule: "0 0 1 1 *" }]));
    expect(h.daemon.sourceNames()).toEqual(["ru"]);
    expect(listSources(h.db).find((s) => s.name === "lt")!.enabled).toBe(false);
  });

  it("stops gracefully: in-flight scans finish their page and the database stays consistent", async () => {
    const h = await startDaemon(configFor([{ name: "slow", path: "/slow.xml", schedule: "0 0 1 1 *" }]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await h.daemon.stop(5_000);
    expect(h.reports.map((r) => r.status)).toEqual(["interrupted"]);
    // The page was fetched before stop() returned control: it is committed, not half-stored.
    expect(listMentions(h.db)).toHaveLength(8);
    expect(checkIntegrity(h.db)).toBe("ok");
    expect(await h.daemon.fire("slow")).toBe(false);
  });
});
