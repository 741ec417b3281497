import { describe, expect, it } from "vitest";
import { checkIntegrity, openDb } from "../../src/store/sqlite/db.js";
import { countComplaintsByTopic, listMentions, savePage } from "../../src/store/sqlite/mentions.js";
import { listRuns, listScanErrors, startRun } from "../../src/store/sqlite/runs.js";
import { addSource, loadSource } from "../../src/store/sqlite/sources.js";
import { toTestRow } from "../helpers/rows.js";

const now = new Date("2026-11-20T10:00:00Z");

function setup() {
  const db = openDb(":memory:");
  const source = addSource(db, { name: "feed", kind: "rss", config: { url: "http://127.0.0.1/feed.xml" } }, now);
  const runId = startRun(db, source.id, now);
  return { db, source, runId };
}

describe("savePage", () => {
  it("stores a page with its cursor and ignores mentions already stored", () => {
    const { db, source, runId } = setup();
    const rows = [toTestRow("a"), toTestRow("b")];
    expect(savePage(db, { sourceId: source.id, runId, rows, cursor: { etag: '"v1"' }, now })).toBe(2);
    expect(savePage(db, { sourceId: source.id, runId, rows: [...rows, toTestRow("c")], cursor: { etag: '"v2"' }, now })).toBe(1);
    expect(listMentions(db).map((m) => m.externalId).sort()).toEqual(["a", "b", "c"]);
    expect(loadSource(db, source.id)?.cursor).toEqual({ etag: '"v2"' });
    expect(listRuns(db, source.id)[0]).toMatchObject({ fetched: 5, added: 3, errors: 0 });
  });

  it("writes one topic row per (mention, topic) so topics and stages can be filtered", () => {
    const { db, source, runId } = setup();
    savePage(db, {
      sourceId: source.id,
      runId,
      rows: [
        toTestRow("late", {}, [{ topic: "delivery", stage: "after_sales" }, { topic: "slow_reply", stage: "service" }]),
        toTestRow("late-again", {}, [{ topic: "delivery", stage: "after_sales" }]),
        toTestRow("praise", { complaint: false }),
      ],
      cursor: {},
      now,
    });
    expect(countComplaintsByTopic(db)).toEqual([
      { topic: "delivery", stage: "after_sales", complaints: 2 },
      { topic: "slow_reply", stage: "service", complaints: 1 },
    ]);
    expect(listMentions(db, { stage: "service" }).map((m) => m.externalId)).toEqual(["late"]);
    expect(listMentions(db, { topic: "delivery", complaintsOnly: true })).toHaveLength(2);
  });

  it("records item errors with a truncated raw snippet", () => {
    const { db, source, runId } = setup();
    savePage(db, { sourceId: source.id, runId, rows: [], cursor: {}, itemErrors: [{ item: "guid-9", message: "feed: cannot parse item guid-9: no text", raw: "x".repeat(10_000) }], now });
    const [error] = listScanErrors(db, { runId });
    expect(error).toMatchObject({ item: "guid-9", message: "feed: cannot parse item guid-9: no text" });
    expect(error?.rawSnippet).toHaveLength(2048);
  });

  it("commits nothing of a page that fails half-way: no mentions and no cursor move", () => {
    const { db, source, runId } = setup();
    savePage(db, { sourceId: source.id, runId, rows: [toTestRow("kept")], cursor: { etag: '"v1"' }, now });
    const broken = toTestRow("broken", { text: null as unknown as string });
    expect(() => savePage(db, { sourceId: source.id, runId, rows: [toTestRow("new"), broken], cursor: { etag: '"v2"' }, now })).toThrow(/NOT NULL/);
    expect(listMentions(db).map((m) => m.externalId)).toEqual(["kept"]);
    expect(loadSource(db, source.id)?.cursor).toEqual({ etag: '"v1"' });
    expect(checkIntegrity(db)).toBe("ok");
  });

  it("filters by date, language and source", () => {
    const { db, source, runId } = setup();
    savePage(db, {
      sourceId: source.id,
      runId,
      rows: [
        toTestRow("old", { publishedAt: new Date("2026-01-01T00:00:00Z"), lang: "lt" }),
        toTestRow("new", { publishedAt: new Date("2026-11-01T00:00:00Z"), lang: "fi" }),
      ],
      cursor: {},
      now,
    });
    expect(listMentions(db, { since: new Date("2026-06-01T00:00:00Z") }).map((m) => m.externalId)).toEqual(["new"]);
    expect(listMentions(db, { lang: "lt" }).map((m) => m.externalId)).toEqual(["old"]);
    expect(listMentions(db, { sourceNames: ["other"] })).toEqual([]);
  });
});

describe("cross-source duplicates", () => {
  it("links the same long text from another source to the first mention and leaves it out of counts", () => {
    const db = openDb(":memory:");
    const a = addSource(db, { name: "a", kind: "rss", config: {} }, now);
    const b = addSource(db, { name: "b", kind: "rss", config: {} }, now);
    const runA = startRun(db, a.id, now);
    const runB = startRun(db, b.id, now);
    const review = "The parcel arrived two weeks late and nobody answered my emails about it.";
    const topics = [{ topic: "delivery", stage: "after_sales" }];
    savePage(db, { sourceId: a.id, runId: runA, rows: [toTestRow("a1", { text: review, contentHash: "same" }, topics), toTestRow("a2", { text: "Great!", contentHash: "short" })], cursor: {}, now });
    savePage(db, { sourceId: b.id, runId: runB, rows: [toTestRow("b1", { text: review, contentHash: "same" }, topics), toTestRow("b2", { text: "Great!", contentHash: "short" })], cursor: {}, now });
    const byId = Object.fromEntries(listMentions(db).map((m) => [m.externalId, m]));
    expect(byId.b1!.duplicateOf).toBe(byId.a1!.id);
    expect(byId.a1!.duplicateOf).toBeNull();
    // Short texts are written independently by many people: never linked.
    expect(byId.b2!.duplicateOf).toBeNull();
    expect(countComplaintsByTopic(db)).toEqual([{ topic: "delivery", stage: "after_sales", complaints: 1 }]);
    expect(listMentions(db, { distinctOnly: true }).map((m) => m.externalId).sort()).toEqual(["a1", "a2", "b2"]);
  });
});
