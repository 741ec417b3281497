/**
 * Fault injection through the replay server, at the level of a scan: each fault must end in a
 * bounded number of requests, an error recorded on the run and the source (or a clean result),
 * the server's Retry-After honoured as the next check, and the other sources still scanned.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient } from "../../src/http/client.js";
import { scanAll } from "../../src/pipeline/scan-all.js";
import { scanSource, type ScanDeps } from "../../src/pipeline/scan.js";
import { startReplay, type ReplayServer, type ReplayStep } from "../../src/replay/server.js";
import { checkIntegrity, closeDb, openDb } from "../../src/store/sqlite/db.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { listScanErrors } from "../../src/store/sqlite/runs.js";
import { addSource, loadSource } from "../../src/store/sqlite/sources.js";
import { createTestClock, createTestDeps } from "../helpers/deps.js";

const FEED = "rss/demo-fi-atom";
const NOW = "2026-11-23T08:00:00Z";

interface FaultCase {
  name: string;
  steps: ReplayStep | ReplayStep[];
  /** Requests the scan may make in total (inline retries included). */
  requests: number;
  status: "ok" | "failed";
  error?: RegExp;
  /** Expected next check, ms after the scan ended (Retry-After). */
  retryAfterMs?: number;
}

const cases: FaultCase[] = [
  // Network errors are retried inline twice (STYLE.md §6), then the scan fails.
  { name: "connection reset", steps: { fault: "reset" }, requests: 3, status: "failed", error: /network|reset|socket/iu },
  { name: "reset once, then the feed", steps: [{ fault: "reset" }, { fixture: FEED }], requests: 2, status: "ok" },
  // Timeouts are not retried: a hung server usually stays hung.
  { name: "no headers (hang)", steps: { fault: "hang" }, requests: 1, status: "failed", error: /timeout|timed out/iu },
  { name: "headers, then a body that stalls (drip slower than the body timeout)", steps: { fixture: FEED, fault: "drip", delayMs: 1_000 }, requests: 1, status: "failed", error: /timeout|timed out/iu },
  { name: "a slow but steady drip within the body timeout", steps: { body: "<rss version=\"2.0\"><channel><title>t</title></channel></rss>", headers: { "content-type": "application/rss+xml" }, fault: "drip", delayMs: 2 }, requests: 1, status: "ok" },
  { name: "truncated body (Content-Length not met)", steps: { fixture: FEED, fault: "truncate" }, requests: 3, status: "failed", error: /network|closed|length|terminated/iu },
  { name: "500", steps: { status: 500, body: "boom" }, requests: 1, status: "failed", error: /500/u },
  { name: "502 three times", steps: { status: 502, body: "bad gateway" }, requests: 3, status: "failed", error: /502/u },
  { name: "503, then the feed", steps: [{ status: 503, body: "busy" }, { fixture: FEED }], requests: 2, status: "ok" },
  { name: "429 with Retry-After in seconds", steps: { status: 429, headers: { "retry-after": "120" }, body: "slow down" }, requests: 1, status: "failed", error: /429/u, retryAfterMs: 120_000 },
  { name: "429 with Retry-After as an HTTP date", steps: { status: 429, headers: { "retry-after": "Mon, 23 Nov 2026 09:00:00 GMT" }, body: "slow down" }, requests: 1, status: "failed", error: /429/u, retryAfterMs: 3_600_000 },
  { name: "503 with Retry-After is not retried inline", steps: { status: 503, headers: { "retry-after": "30" }, body: "maintenance" }, requests: 1, status: "failed", error: /503/u, retryAfterMs: 30_000 },
  { name: "a body over the size cap", steps: { body: "x".repeat(300_000), headers: { "content-type": "application/rss+xml" } }, requests: 1, status: "failed", error: /large|size|bytes/iu },
];

describe("faults injected by the replay server", () => {
  let replay: ReplayServer;
  const routeOf = (i: number) => `/fault-${i}.xml`;

  beforeAll(async () => {
    const routes = Object.fromEntries(cases.map((c, i) => [routeOf(i), c.steps]));
    replay = await startReplay({
      ...routes,
      "/loop-a": { status: 302, headers: { location: "/loop-b" } },
      "/loop-b": { status: 302, headers: { location: "/loop-a" } },
      "/etag-changes": [1, 2, 3].map((n) => ({ fixture: FEED, headers: { etag: `"v${n}"` } })),
      "/good.xml": { fixture: "rss/demo-ru-windows-1251" },
    });
  });
  afterAll(() => replay.close());

  function setup() {
    const clock = createTestClock(NOW);
    const db = openDb(":memory:");
    // Short timeouts keep the hang and stall cases fast; undici checks them on a ~0.5 s tick.
    const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, userAgent: "earshot-test", headersTimeoutMs: 300, bodyTimeoutMs: 300, maxBodyBytes: 200_000, now: clock.now });
    const deps: ScanDeps = createTestDeps(db, clock, { http });
    return { db, deps, clock };
  }

  it.each(cases.map((c, i) => [c.name, c, i] as const))("%s", async (_name, c, i) => {
    const { db, deps, clock } = setup();
    try {
      const row = addSource(db, { name: `fault-${i}`, kind: "rss", config: { url: replay.url(routeOf(i)) } }, clock.now());
      const before = replay.requests.filter((r) => r.path === routeOf(i)).length;
      const report = await scanSource(deps, row);
      expect(replay.requests.filter((r) => r.path === routeOf(i)).length - before).toBe(c.requests);
      expect(report.status, report.error).toBe(c.status);
      const stored = loadSource(db, row.id)!;
      if (c.status === "failed") {
        expect(report.error).toMatch(c.error!);
        expect(report.error).toMatch(new RegExp(`^fault-${i}: `, "u"));
        expect(stored.errorCount).toBe(1);
        expect(listScanErrors(db, { sourceId: row.id })).toHaveLength(1);
      } else {
        expect(stored.errorCount).toBe(0);
      }
      if (c.retryAfterMs !== undefined) {
        expect(report.retryAfterMs).toBe(c.retryAfterMs);
        expect(stored.nextCheckAt?.getTime()).toBe(new Date(NOW).getTime() + c.retryAfterMs);
      }
      expect(checkIntegrity(db)).toBe("ok");
    } finally {
      await deps.http.close();
      closeDb(db);
    }
  });

  it("stops a redirect loop and records it", async () => {
    const { db, deps, clock } = setup();
    const row = addSource(db, { name: "loop", kind: "rss", config: { url: replay.url("/loop-a") } }, clock.now());
    const report = await scanSource(deps, row);
    expect(report).toMatchObject({ status: "failed", error: expect.stringMatching(/redirect/iu) });
    expect(replay.requests.filter((r) => r.path.startsWith("/loop-")).length).toBeLessThanOrEqual(6);
    await deps.http.close();
    closeDb(db);
  });

  it("stores each item once when the server changes its ETag on every call", async () => {
    const { db, deps, clock } = setup();
    const row = addSource(db, { name: "etag", kind: "rss", config: { url: replay.url("/etag-changes") } }, clock.now());
    const reports = [];
    for (let n = 0; n < 3; n++) reports.push(await scanSource(deps, loadSource(db, row.id)!));
    expect(reports.map((r) => r.added)).toEqual([8, 0, 0]);
    expect(listMentions(db)).toHaveLength(8);
    expect(loadSource(db, row.id)!.cursor).toMatchObject({ etag: '"v3"' });
    await deps.http.close();
    closeDb(db);
  });

  it("keeps scanning the other sources while some fail", async () => {
    const { db, deps, clock } = setup();
    const rows = [
      addSource(db, { name: "reset", kind: "rss", config: { url: replay.url(routeOf(0)) } }, clock.now()),
      addSource(db, { name: "hang", kind: "rss", config: { url: replay.url(routeOf(2)) } }, clock.now()),
      addSource(db, { name: "good", kind: "rss", config: { url: replay.url("/good.xml") } }, clock.now()),
    ];
    const reports = await scanAll(deps, rows, { concurrency: 3 });
    expect(Object.fromEntries(reports.map((r) => [r.source, r.status]))).toEqual({ reset: "failed", hang: "failed", good: "ok" });
    expect(reports.find((r) => r.source === "good")!.added).toBe(8);
    await deps.http.close();
    closeDb(db);
  });
});
