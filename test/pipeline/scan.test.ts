import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { scanAll } from "../../src/pipeline/scan-all.js";
import { scanSource, type ScanDeps } from "../../src/pipeline/scan.js";
import { startReplay, type ReplayServer } from "../../src/replay/server.js";
import { checkIntegrity, closeDb, openDb } from "../../src/store/sqlite/db.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { listRuns, listScanErrors } from "../../src/store/sqlite/runs.js";
import { addSource, loadSource } from "../../src/store/sqlite/sources.js";
import { createTestClock, createTestDeps } from "../helpers/deps.js";

describe("scanSource (rss)", () => {
  let replay: ReplayServer;
  const opened: ScanDeps[] = [];

  beforeAll(async () => {
    replay = await startReplay({
      "/lt.xml": { fixture: "rss/demo-lt-windows-1257" },
      "/ru.xml": { fixture: "rss/demo-ru-windows-1251" },
      "/fi-then-broken.atom": [{ fixture: "rss/demo-fi-atom", headers: { etag: '"fi-1"' } }, { fixture: "rss/truncated-json-feed" }],
      "/blocked.xml": { fixture: "rss/html-instead-of-feed" },
      "/busy.xml": { status: 429, headers: { "retry-after": "120", "content-type": "text/plain" }, body: "slow down" },
    });
  });
  afterAll(() => replay.close());
  afterEach(async () => {
    for (const deps of opened.splice(0)) {
      await deps.http.close();
      await deps.store.close();
    }
  });

  function setup(path: string, clock = createTestClock()) {
    const db = openDb(":memory:");
    const deps = createTestDeps(db, clock);
    opened.push(deps);
    const row = addSource(db, { name: path.slice(1), kind: "rss", config: { url: replay.url(path) } }, clock.now());
    return { db, deps, row, clock };
  }

  it("decodes a windows-1257 feed served without a charset, stores each item once, and revalidates with the ETag", async () => {
    const { db, deps, row } = setup("/lt.xml");
    const first = await scanSource(deps, row);
    const second = await scanSource(deps, loadSource(db, row.id)!);
    expect(first).toMatchObject({ status: "ok", fetched: 10, added: 10, errors: 0 });
    expect(second).toMatchObject({ status: "not_modified", fetched: 0, added: 0, notModified: true });
    const revalidation = replay.requests.filter((r) => r.path === "/lt.xml").at(-1);
    expect(revalidation?.headers["if-none-match"]).toBe('"lt-v1"');
    const texts = listMentions(db).map((m) => m.text);
    expect(texts.some((t) => t.includes("Siunta vėluoja jau savaitę"))).toBe(true);
    expect(listMentions(db).every((m) => m.lang === "lt")).toBe(true);
  });

  it("decodes a windows-1251 feed and classifies its complaints", async () => {
    const { db, deps, row } = setup("/ru.xml");
    await scanSource(deps, row);
    const stored = listMentions(db);
    expect(stored.map((m) => m.title)).toContain("Доставка задерживается");
    const late = stored.find((m) => m.externalId === "ru-2001");
    expect(late).toMatchObject({ complaint: true, sentiment: "negative" });
    expect(late?.topics).toContain("delivery");
  });

  it("records a malformed feed as a failed run and keeps the mentions stored before", async () => {
    const { db, deps, row } = setup("/fi-then-broken.atom");
    const good = await scanSource(deps, row);
    const broken = await scanSource(deps, loadSource(db, row.id)!);
    expect(good).toMatchObject({ status: "ok", added: 8 });
    expect(broken.status).toBe("failed");
    expect(broken.error).toMatch(/^fi-then-broken\.atom: /);
    expect(listMentions(db)).toHaveLength(8);
    expect(loadSource(db, row.id)).toMatchObject({ errorCount: 1, cursor: expect.objectContaining({ etag: '"fi-1"' }) });
    expect(listRuns(db, row.id).map((r) => r.status)).toEqual(["failed", "ok"]);
    expect(listScanErrors(db, { runId: broken.runId })[0]?.message).toBe(broken.error);
    expect(checkIntegrity(db)).toBe("ok");
  });

  it("turns an HTML block page into a clear error, not a parse crash", async () => {
    const { deps, row } = setup("/blocked.xml");
    const report = await scanSource(deps, row);
    expect(report.status).toBe("failed");
    expect(report.error).toMatch(/blocked\.xml: .*(not an RSS, Atom or JSON feed|html)/i);
  });

  it("makes a 429 Retry-After the next check time without sleeping", async () => {
    const { db, deps, row, clock } = setup("/busy.xml");
    const report = await scanSource(deps, row);
    expect(report).toMatchObject({ status: "failed", httpStatus: 429, retryAfterMs: 120_000 });
    expect(loadSource(db, row.id)?.nextCheckAt?.getTime()).toBe(clock.now().getTime() + 120_000);
  });

  it("keeps scanning the other sources when one fails", async () => {
    const clock = createTestClock();
    const db = openDb(":memory:");
    const deps = createTestDeps(db, clock);
    opened.push(deps);
    const rows = ["/busy.xml", "/ru.xml", "/blocked.xml", "/lt.xml"].map((path) =>
      addSource(db, { name: path.slice(1), kind: "rss", config: { url: replay.url(path) } }, clock.now()),
    );
    const reports = await scanAll(deps, rows, { concurrency: 2 });
    expect(reports.map((r) => [r.source, r.status])).toEqual([
      ["busy.xml", "failed"],
      ["ru.xml", "ok"],
      ["blocked.xml", "failed"],
      ["lt.xml", "ok"],
    ]);
    expect(listMentions(db)).toHaveLength(18);
  });
});
